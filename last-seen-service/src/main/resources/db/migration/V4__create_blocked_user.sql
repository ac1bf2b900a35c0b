-- Block lists (PROTOCOL.md v1.1 "Blocking", issue 20): blocker_id blocks blocked_id. last-seen-service owns them
-- (docs/adr/007-block-lists-live-with-privacy.md) and announces every change on courier.blocks.
create table blocked_user (
    blocker_id varchar(64)  not null,
    blocked_id varchar(64)  not null,
    blocked_at timestamptz  not null,
    primary key (blocker_id, blocked_id)
);
-- "Who blocks this viewer?" when a user looks at others' presence.
create index blocked_user_blocked on blocked_user (blocked_id);
