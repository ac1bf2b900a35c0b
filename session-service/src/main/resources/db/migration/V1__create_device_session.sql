-- One row per socket a gateway opened. A SessionClosed may be processed before its SessionOpened (after a replay,
-- for example), so opened_at is nullable: such a row only records that the session is closed.
create table device_session (
    session_id varchar(128) primary key,
    user_id    varchar(128) not null,
    device_id  varchar(128),
    gateway_id varchar(128) not null,
    background boolean      not null default false,
    opened_at  timestamp with time zone,
    closed_at  timestamp with time zone
);

create index device_session_open_by_user on device_session (user_id) where closed_at is null;
