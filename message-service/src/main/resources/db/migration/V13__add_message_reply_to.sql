-- Replies (PROTOCOL.md v1.1): the client id of the message a reply quotes, and that message's sender. The quote's
-- preview is not copied: it is read from the quoted message whenever a frame or history item is made, so it shows
-- an edit and goes away with the quoted text when that is deleted for everyone, disappears or expires (the erased
-- text is not kept here). Cleared when the reply itself is deleted for everyone.
alter table message add column reply_to_id varchar(128);
alter table message add column reply_to_sender varchar(64);
