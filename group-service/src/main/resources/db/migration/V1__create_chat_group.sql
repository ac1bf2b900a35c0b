-- "group" is reserved in SQL, hence "chat_group". A group that everyone left keeps its row (its id stays known).
create table chat_group (
    id         uuid         primary key,
    name       varchar(100) not null,
    created_by varchar(64)  not null,
    created_at timestamptz  not null
);

-- User ids are auth-service's, opaque here (no foreign key across services).
create table group_member (
    group_id  uuid        not null references chat_group (id),
    user_id   varchar(64) not null,
    role      varchar(16) not null check (role in ('admin', 'member')),
    joined_at timestamptz not null,
    primary key (group_id, user_id)
);

-- "The caller's groups".
create index group_member_user_id_idx on group_member (user_id);
