-- Contacts are chosen (issue 19): a row (user_id, contact_id) now means user_id wrote to contact_id. Rows written
-- before went both ways, including from someone who merely received a message, and cannot be told apart: they are
-- dropped (failing closed), and each user's contacts come back as soon as it writes to them again.
delete from contact;
