-- A device session is "ready" once the flush of its user's pending messages has gone to it. New messages are pushed
-- (and resent by the retry timer) only to ready sessions: a push to a socket whose flush is still running would
-- overtake the older messages the flush has not reached yet, and the device would see seq out of order.
alter table device_session add column ready_at timestamptz;
update device_session set ready_at = opened_at;
