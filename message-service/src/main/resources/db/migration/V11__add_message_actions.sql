-- Message actions (PROTOCOL.md v1.1): reactions, edits, delete for everyone.

-- A message deleted for everyone keeps its place (id, conversation, sender, seq, sent_at) but its body is erased:
-- null, not hidden. media_id is cleared with it, so the media is released when no other message names it.
alter table message alter column body drop not null;
alter table message add column edited_at timestamptz;
alter table message add column deleted_at timestamptz;
alter table message add column deleted_by varchar(64);

-- One reaction per person per message; a new emoji replaces the old one, "" deletes the row. Goes with its message
-- (disappeared, expired) and is deleted when the message is deleted for everyone.
create table reaction (
    message_id bigint      not null references message (id) on delete cascade,
    user_id    varchar(64) not null,
    emoji      varchar(64) not null,
    reacted_at timestamptz not null,
    primary key (message_id, user_id)
);

-- Every react / edit / delete frame a user sent, by its id: the answer it got (done at "at", or the error), so the
-- same id sent again applies nothing and answers the same way. "frame" and "audience" (a JSON array of user ids) are
-- the frame that was told and to whom; by_record the courier.messages record that applied it (partition and offset,
-- as delivery's moved_by_record), so a record handed over again after a crash tells them again (at least once). The
-- rows of a message go with it when it disappears or expires; an edit's frame (its text) is erased when the message
-- is deleted for everyone.
create table message_action (
    actor_id      varchar(64)  not null,
    action_id     varchar(128) not null,
    kind          varchar(8)   not null,
    message_id    bigint       references message (id) on delete cascade,
    at            timestamptz  not null,
    error_code    varchar(16),
    error_message text,
    frame         text,
    audience      text,
    by_record     bigint,
    primary key (actor_id, action_id),
    constraint message_action_kind check (kind in ('react', 'edit', 'delete'))
);
create index message_action_message on message_action (message_id) where message_id is not null;
