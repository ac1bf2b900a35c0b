-- The public profile (issue 11): about and profile photo (a media id in media-service), shown to others as their
-- privacy settings in last-seen-service allow; email and location are private to the user.
alter table users
    add column about         varchar(140),
    add column email         varchar(254),
    add column location      varchar(100),
    add column profile_photo varchar(64);

-- Emails are stored lower-cased and unique among active accounts (like phone numbers: a deactivated account frees
-- its email), so that two racing PATCHes get one 200 and one 409.
create unique index users_active_email_key on users (email) where email is not null and deactivated_at is null;
