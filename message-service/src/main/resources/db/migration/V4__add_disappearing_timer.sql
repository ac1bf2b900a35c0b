-- Disappearing messages: each conversation's timer, and the index the deletion job walks.

-- 0 = off. A message stored while it is on gets expires_at = sent_at + this many seconds; changing it is taken in
-- the same row lock as a send's seq, so every message after the change (by seq) carries the new timer.
alter table conversation add column disappearing_seconds bigint not null default 0;

-- A server-written message of the conversation's history (e.g. "the timer was set"): no delivery rows, never
-- pushed as a message frame, shown in the history to every participant.
alter table message add column system boolean not null default false;

-- The deletion job takes the due messages oldest first; only messages with a timer are in this index.
create index message_expires_at on message (expires_at) where expires_at is not null;
