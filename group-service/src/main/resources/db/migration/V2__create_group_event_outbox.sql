-- Membership events, written in the same transaction as the change they describe, published to courier.groups by
-- the relay (in id order), then marked published; published rows are deleted after a retention period.
create table group_event_outbox (
    id           bigserial   primary key,
    group_id     uuid        not null,
    payload      jsonb       not null,
    created_at   timestamptz not null,
    published_at timestamptz
);

-- The relay reads only what is still to publish.
create index group_event_outbox_unpublished_idx on group_event_outbox (id) where published_at is null;
create index group_event_outbox_published_at_idx on group_event_outbox (published_at) where published_at is not null;
