-- Who may see a user's profile photo and about (issue 11), beside its last seen: everyone (the default), contacts
-- or nobody. A user without a row has all three at everyone.
alter table privacy
    add column profile_photo_visibility varchar(16) not null default 'everyone'
        check (profile_photo_visibility in ('everyone', 'contacts', 'nobody')),
    add column about_visibility         varchar(16) not null default 'everyone'
        check (about_visibility in ('everyone', 'contacts', 'nobody'));
