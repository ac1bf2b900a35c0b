-- The current profile photo of each user (learnt from ProfileChanged on courier.accounts): such a media may be
-- fetched by whoever last-seen-service says may see the owner's photo, is never deleted by MediaReleased nor swept
-- as an orphan. changed_at is the event's time: an older event replayed never overwrites a newer one.
create table profile_photo (
    owner_id   varchar(64) primary key,
    media_id   uuid,
    changed_at timestamptz not null
);
create index profile_photo_media_id_idx on profile_photo (media_id);

-- Set when message-service released the media (no message refers to it) while it was a profile photo, so it is
-- deleted once it stops being one.
alter table media add column released_at timestamptz;
