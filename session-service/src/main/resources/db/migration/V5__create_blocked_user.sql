-- This service's copy of the block lists (issue 20), from courier.blocks (last-seen-service owns them): sends and
-- typing are decided against it without asking anyone. blocker_id blocks blocked_id.
create table blocked_user (
    blocker_id varchar(128) not null,
    blocked_id varchar(128) not null,
    primary key (blocker_id, blocked_id)
);
