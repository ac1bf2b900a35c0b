-- Group fan-out: a group message is stored once with one delivery row per member at send time.

-- How many recipients the message had when it was sent. The "all" receipts compare against it rather than against
-- the delivery rows left, because the expiry job deletes the rows of members who never got a message that others
-- did (those members never reached any status, so "all" must never be said for that message).
alter table message add column recipient_count integer not null default 0;
update message m set recipient_count = (select count(*) from delivery d where d.message_id = m.id);

-- When the sender was told that every recipient reached delivered / read (group messages only). Set by a
-- conditional update (where ... is null) in the transaction of the receipt that completed it, so each "all:true"
-- receipt is produced exactly once, whatever replays and concurrent receipts do.
alter table message add column all_delivered_at timestamptz;
alter table message add column all_read_at timestamptz;

-- The expiry job looks for old messages with a pending delivery; pending rows are few in a healthy system.
create index delivery_pending_message on delivery (message_id) where status = 'pending';
