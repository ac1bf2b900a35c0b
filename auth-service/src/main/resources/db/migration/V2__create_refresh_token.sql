-- Only the SHA-256 of a refresh token is stored. A spent token is kept until it expires so that its reuse (a
-- stolen token) can be recognised; revoked tokens are deleted.
create table refresh_token (
    token_hash varchar(64)  primary key,
    user_id    uuid         not null references users (id),
    device_id  varchar(128) not null,
    expires_at timestamptz  not null,
    spent      boolean      not null default false,
    created_at timestamptz  not null
);

create index refresh_token_user_device_idx on refresh_token (user_id, device_id);
create index refresh_token_expires_at_idx on refresh_token (expires_at);
