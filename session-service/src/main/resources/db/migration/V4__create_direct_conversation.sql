-- Pairs of users who share a direct conversation: one of them was authorised to send the other a direct message
-- (issue 19, finding 14: typing reaches only someone the typist shares a conversation with). One row per unordered
-- pair, the lower user id first. Learnt from the sends this service authorises; never read from message-service.
create table direct_conversation (
    user_low  varchar(128) not null,
    user_high varchar(128) not null,
    primary key (user_low, user_high)
);
