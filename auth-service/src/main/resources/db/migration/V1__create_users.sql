-- "user" is reserved in PostgreSQL, hence "users".
create table users (
    id             uuid         primary key,
    phone          varchar(16)  not null,
    password_hash  varchar(100) not null,
    display_name   varchar(64)  not null,
    created_at     timestamptz  not null,
    deactivated_at timestamptz
);

-- One active account per phone number, enforced even when two registrations race. A deactivated account keeps its
-- row (other services still refer to its id) but frees the number for a new registration.
create unique index users_active_phone_key on users (phone) where deactivated_at is null;
