-- The delivery timeline (GET /api/admin/messages/{id}/timeline): when each step of a message happened.

-- The trail before message-service: the gateway read the frame, parser accepted it, session-service authorised
-- it (times of those services' clocks, carried on SendAuthorized). Null for messages stored before this.
alter table message add column received_at timestamptz;
alter table message add column parsed_at timestamptz;
alter table message add column authorized_at timestamptz;

-- Every time the message frame was routed to a recipient's device: the push after storing, each resend of the
-- retry timer, the flush on connect. Deleted with the message (disappearing, time to live).
create table delivery_attempt (
    message_id   bigint       not null references message (id) on delete cascade,
    recipient_id varchar(64)  not null,
    session_id   varchar(128) not null,
    gateway_id   varchar(128) not null,
    -- push | retry | flush
    cause        varchar(16)  not null,
    at           timestamptz  not null
);
create index delivery_attempt_message on delivery_attempt (message_id);
