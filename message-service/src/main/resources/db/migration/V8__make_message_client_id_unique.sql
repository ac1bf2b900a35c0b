-- A message id names one message, whoever sent it: receipts, reactions and every frame about a message name it by
-- this id alone, so an id reused by another sender would let one read receipt reach two senders. A send with an id
-- another sender already used is refused (error invalid); this index makes that hold across instances too.

-- Ids reused before this rule (any but the first message under an id) are renamed, so the index can be built.
update message m set client_id = m.client_id || '#' || m.id
where exists (select 1 from message earlier where earlier.client_id = m.client_id and earlier.id < m.id);

drop index message_client_id;
create unique index message_client_id on message (client_id);
