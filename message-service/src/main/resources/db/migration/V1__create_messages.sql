-- message-service owns messages, their per-recipient delivery state, its copy of live device sessions and the
-- notices that wait for a user to connect. Times are timestamptz; ids are the opaque strings of the contract.

create table conversation (
    id         varchar(64) primary key,
    -- 'direct' for now; 'group' when groups come (the conversation id is then the group id).
    kind       varchar(16) not null default 'direct',
    -- The seq the next message will get. Incremented in the transaction that stores the message: gapless.
    next_seq   bigint      not null default 1,
    created_at timestamptz not null
);

create table conversation_participant (
    conversation_id varchar(64) not null references conversation (id),
    user_id         varchar(64) not null,
    primary key (conversation_id, user_id)
);

create table message (
    id              bigserial    primary key,
    sender_id       varchar(64)  not null,
    -- The client-made id (the "id" of the send frame and of every frame about the message).
    client_id       varchar(128) not null,
    conversation_id varchar(64)  not null references conversation (id),
    seq             bigint       not null,
    to_user         varchar(64),
    to_group        varchar(64),
    body            text         not null,
    sent_at         timestamptz  not null,
    -- Set only while the conversation's disappearing timer is on (not implemented yet).
    expires_at      timestamptz,
    constraint message_sender_client_id unique (sender_id, client_id),
    constraint message_conversation_seq unique (conversation_id, seq)
);
-- Receipts name a message by its client id only.
create index message_client_id on message (client_id);
-- The expiry job looks for old messages.
create index message_sent_at on message (sent_at);

create table delivery (
    message_id      bigint      not null references message (id) on delete cascade,
    recipient_id    varchar(64) not null,
    status          varchar(16) not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    delivered_at    timestamptz,
    read_at         timestamptz,
    primary key (message_id, recipient_id),
    constraint delivery_status check (status in ('pending', 'delivered', 'read'))
);
-- The flush on connect: a user's pending deliveries.
create index delivery_recipient_status on delivery (recipient_id, status);
-- The retry timer and the pending gauges: only pending rows, few in a healthy system.
create index delivery_pending_next_attempt on delivery (next_attempt_at) where status = 'pending';

create table device_session (
    session_id varchar(128) primary key,
    user_id    varchar(64)  not null,
    device_id  varchar(128),
    gateway_id varchar(128) not null,
    opened_at  timestamptz  not null
);
create index device_session_user on device_session (user_id);

create table pending_notice (
    id         bigserial   primary key,
    user_id    varchar(64) not null,
    -- A server frame as JSON, with its "type".
    frame      text        not null,
    created_at timestamptz not null
);
create index pending_notice_user on pending_notice (user_id, id);
