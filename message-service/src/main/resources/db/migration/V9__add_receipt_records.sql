-- Which courier.messages record (partition and offset, see ReceiptHandler.recordKey) last moved a delivery, or
-- completed a group message's "all" receipt. A poll's receipt frames go to Kafka after its transaction commits; if
-- the service dies before the broker has them, Kafka hands the same records over again, and a record that finds its
-- own key here tells the sender again what it told before. A repeated receipt in another record tells nothing.
alter table delivery add column moved_by_record bigint;
alter table message add column all_delivered_by_record bigint;
alter table message add column all_read_by_record bigint;
