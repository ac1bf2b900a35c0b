-- Web Push (PROTOCOL.md v1.1 "Push to devices that are not connected", issue 21, docs/adr/009-web-push.md).

-- One subscription per device (user_id, device_id: the access token's subject and device); a new one replaces it.
-- An endpoint belongs to one device: a browser that logs in as someone else and subscribes again takes it over.
create table push_subscription (
    user_id    varchar(64)   not null,
    device_id  varchar(64)   not null,
    endpoint   varchar(2048) not null unique,
    p256dh     bytea         not null,
    auth       bytea         not null,
    preview    boolean       not null,
    created_at timestamptz   not null,
    primary key (user_id, device_id)
);

-- The server's VAPID key pair (RFC 8292) when none is configured: generated once, by whichever instance starts first.
create table vapid_key (
    id          smallint    primary key check (id = 1),
    public_key  bytea       not null,
    private_key bytea       not null,
    created_at  timestamptz not null
);
