-- Blocking (PROTOCOL.md v1.1, issue 20): a direct message whose recipient blocked the sender is stored (the sender
-- has it, with its seq, and got "sent") but withheld from the recipient: it has no delivery row, so it is never
-- pushed, retried, flushed or acknowledged, and the recipient's history and chat list leave it out, also after an
-- unblock. session-service decides it (SendAuthorized.withheldFrom); it never changes afterwards.
alter table message add column withheld boolean not null default false;
