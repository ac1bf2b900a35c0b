-- The last GatewayHeartbeat of each gateway (courier.sessions, key = gateway id). last_heartbeat_at is this
-- service's clock when the heartbeat was processed, not the gateway's, so clock skew between machines does not
-- matter. A gateway silent for longer than the lease is dead, and so are its open sessions; sessions of a gateway id
-- opened before its started_at belong to an earlier run of it. Both are marked closed (closed_at = now).
create table gateway_liveness (
    gateway_id        varchar(128) primary key,
    started_at        timestamp with time zone not null,
    last_heartbeat_at timestamp with time zone not null
);

create index device_session_open_by_gateway on device_session (gateway_id) where closed_at is null;
