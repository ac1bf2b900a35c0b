-- The last GatewayHeartbeat of each gateway (courier.sessions, key = gateway id). last_heartbeat_at is this
-- service's clock when the heartbeat was processed, not the gateway's, so clock skew between machines does not
-- matter. A gateway silent for longer than the lease is dead, and so are its device sessions; sessions of a
-- gateway id opened before its started_at belong to an earlier run of it.
create table gateway_liveness (
    gateway_id        varchar(128) primary key,
    started_at        timestamptz  not null,
    last_heartbeat_at timestamptz  not null
);

create index device_session_gateway on device_session (gateway_id);
