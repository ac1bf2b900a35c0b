-- The ids of messages that are gone (disappeared, or expired undelivered). Kafka delivers at least once: a service
-- that dies before it commits its offsets gets the same "send" again after the message may have been deleted, and
-- without this the replay would store it again: a disappeared message back in history, a second "expired" later.
-- A send whose id is here is a replay and stores nothing. Kept for a week (MessageGraveyard.forget), far longer
-- than any replay; the ids stay unique across live and gone messages.
create table gone_message (
    client_id  varchar(128) primary key,
    sender_id  varchar(64)  not null,
    gone_at    timestamptz  not null
);
create index gone_message_gone_at on gone_message (gone_at);
