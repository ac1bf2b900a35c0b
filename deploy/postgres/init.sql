-- One PostgreSQL, one database per service that keeps data (each service's Flyway migrates its own on start).
-- Runs once, when the data volume is empty.
CREATE DATABASE auth;
CREATE DATABASE session;
CREATE DATABASE groups;
CREATE DATABASE message;
CREATE DATABASE lastseen;
CREATE DATABASE media;
