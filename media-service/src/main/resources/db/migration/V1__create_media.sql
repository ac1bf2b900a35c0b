-- One row per upload. The id is random and opaque (never the hash: one user must not learn that another uploaded
-- the same bytes); several rows may share one blob (sha256). Blobs live in the BlobStore, not here.
create table media (
    id               uuid        primary key,
    sha256           varchar(64) not null,
    uploader_id      varchar(64) not null,
    content_type     varchar(32) not null,
    size             bigint      not null,
    width            integer     not null,
    height           integer     not null,
    thumbnail_sha256 varchar(64) not null,
    created_at       timestamptz not null
);

create index media_uploader_id_idx on media (uploader_id);

-- Who else may fetch a media: the participants of each conversation a message carrying it was sent in (the group's
-- members at send time), recorded by session-service before it authorises the send. User ids are auth-service's.
create table media_grant (
    media_id uuid        not null references media (id),
    user_id  varchar(64) not null,
    primary key (media_id, user_id)
);
