-- last-seen-service's own tables. Hot presence state lives in memory (per user, on the instance that owns the
-- user's partition); these rows are what survives a restart and what other instances read.

-- Last seen per user, written coalesced: at most once per courier.lastseen.write-interval, plus once when the user
-- goes offline. last_seen_at only moves forward (greatest of the old and the new value).
create table last_seen (
    user_id      varchar(128) primary key,
    last_seen_at timestamptz  not null,
    updated_at   timestamptz  not null,
    write_count  bigint       not null default 1
);

-- The connected devices of each user (courier.sessions), written on every change: opened, closed, foreground or
-- background. A user is online while one of its rows is in the foreground.
create table presence_session (
    session_id varchar(128) primary key,
    user_id    varchar(128) not null,
    device_id  varchar(128),
    gateway_id varchar(128) not null,
    foreground boolean      not null,
    opened_at  timestamptz  not null
);
create index presence_session_user on presence_session (user_id);
create index presence_session_gateway on presence_session (gateway_id);

-- The last GatewayHeartbeat of each gateway: the lease of its sessions (as in message-service). last_heartbeat_at
-- is this service's clock when the heartbeat was processed.
create table gateway_liveness (
    gateway_id        varchar(128) primary key,
    started_at        timestamptz  not null,
    last_heartbeat_at timestamptz  not null
);

-- Who watches whom (subscribe_presence adds; at most courier.lastseen.max-subscriptions per subscriber).
create table presence_subscription (
    subscriber_id varchar(128) not null,
    watched_id    varchar(128) not null,
    created_at    timestamptz  not null,
    primary key (subscriber_id, watched_id)
);
create index presence_subscription_watched on presence_subscription (watched_id);

-- Who may see a user's last seen: everyone (the default, no row), contacts or nobody.
create table privacy (
    user_id              varchar(128) primary key,
    last_seen_visibility varchar(16)  not null check (last_seen_visibility in ('everyone', 'contacts', 'nobody'))
);

-- Contacts: users with a direct conversation (learnt from SendAuthorized on courier.messages), both directions.
create table contact (
    user_id    varchar(128) not null,
    contact_id varchar(128) not null,
    primary key (user_id, contact_id)
);
