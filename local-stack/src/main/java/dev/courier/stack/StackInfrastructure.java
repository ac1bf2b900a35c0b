package dev.courier.stack;

import java.util.function.Consumer;

/**
 * Where the stack's PostgreSQL and Kafka are: a base JDBC URL ending in {@code /} (a database name is appended),
 * credentials, a way to create a database, and the Kafka bootstrap servers. The local stack fills it from its
 * embedded servers; tests from the test kit.
 */
public record StackInfrastructure(String postgresBaseUrl, String postgresUser, String postgresPassword,
                                  Consumer<String> databaseCreator, String kafkaBootstrapServers) {
}
