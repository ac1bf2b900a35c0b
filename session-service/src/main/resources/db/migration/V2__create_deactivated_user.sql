-- Accounts auth-service deactivated (AccountDeactivated): their commands are refused and sends to them not found.
create table deactivated_user (
    user_id        varchar(128) primary key,
    deactivated_at timestamp with time zone not null
);
