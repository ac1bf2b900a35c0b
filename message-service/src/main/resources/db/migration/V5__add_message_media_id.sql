-- The media an image message refers to, so that "does any message still refer to this media?" is one indexed
-- query when messages are deleted (disappearing or past their time to live), and the media can be released.
alter table message add column media_id varchar(128);
update message set media_id = body::jsonb -> 'image' ->> 'mediaId' where body like '%"image"%';
create index message_media_id on message (media_id) where media_id is not null;
