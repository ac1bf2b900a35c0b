package dev.courier.group.membership;

import dev.courier.contracts.api.GroupList;
import dev.courier.contracts.api.GroupView;
import dev.courier.contracts.events.GroupCreated;
import dev.courier.contracts.events.MemberAdded;
import dev.courier.contracts.events.MemberRemoved;
import dev.courier.group.GroupProperties;
import dev.courier.group.outbox.GroupEventOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Groups and their members. Each change, and its event in the outbox, commit in one transaction, under the group's
 * row lock (so a group's changes and their events are in one order, and the size limit holds under concurrency).
 * Users are checked with auth-service before that transaction, so no lock is held across a remote call; the rules
 * are checked again under the lock. {@link #roster} is the facade the internal lookup reads.
 */
@Service
public class Groups {

    private static final Logger log = LoggerFactory.getLogger(Groups.class);
    /** How a group's members are shown: admins first, then by seniority. */
    private static final Comparator<GroupMember> DISPLAY_ORDER =
            Comparator.comparing((GroupMember m) -> !m.isAdmin()).thenComparing(MembershipRules.SENIORITY);

    private final ChatGroupRepository groups;
    private final GroupMemberRepository members;
    private final GroupEventOutbox outbox;
    private final UserDirectory users;
    private final MembershipRules rules;
    private final TransactionTemplate transactions;
    private final TransactionTemplate reads;
    private final Clock clock;
    private final MeterRegistry meters;

    Groups(ChatGroupRepository groups, GroupMemberRepository members, GroupEventOutbox outbox, UserDirectory users,
           GroupProperties properties, PlatformTransactionManager transactionManager, Clock clock,
           MeterRegistry meters) {
        this.groups = groups;
        this.members = members;
        this.outbox = outbox;
        this.users = users;
        this.rules = new MembershipRules(properties.maxMembers());
        this.transactions = new TransactionTemplate(transactionManager);
        this.reads = new TransactionTemplate(transactionManager);
        this.reads.setReadOnly(true);
        this.clock = clock;
        this.meters = meters;
    }

    /** The group's member ids (empty list if everyone left), or empty if there is no such group. */
    /** The group's members (by seniority) and which of them are admins, or empty if there is no such group. */
    public Optional<Roster> roster(UUID groupId) {
        return reads.execute(status -> {
            if (!groups.existsById(groupId)) {
                return Optional.<Roster>empty();
            }
            List<GroupMember> seats = members.findByGroup(groupId);
            return Optional.of(new Roster(seats.stream().map(GroupMember::userId).toList(),
                    seats.stream().filter(GroupMember::isAdmin).map(GroupMember::userId).toList()));
        });
    }

    /** A group's member ids and, among them, its admins' ids. */
    public record Roster(List<String> members, List<String> admins) {
    }

    GroupView create(String creator, String name, List<String> listed) {
        List<String> founders = rules.founders(creator, listed);
        users.requireActive(founders.subList(1, founders.size()));
        GroupView view = transactions.execute(status -> {
            Instant now = clock.instant();
            var group = groups.save(new ChatGroup(UUID.randomUUID(), name, creator, now));
            List<GroupMember> seats = founders.stream()
                    .map(userId -> new GroupMember(group.getId(), userId,
                            userId.equals(creator) ? GroupView.Member.ADMIN : GroupView.Member.MEMBER, now))
                    .toList();
            members.saveAll(seats);
            outbox.append(group.getId(), new GroupCreated(UUID.randomUUID(), now, group.getId().toString(), name,
                    creator, founders));
            return view(group, seats);
        });
        count("created");
        log.info("User {} created group {} with {} member(s)", creator, view.groupId(), founders.size());
        return view;
    }

    GroupView view(String groupId, String caller) {
        return reads.execute(status -> {
            ChatGroup group = groups.findById(parse(groupId)).orElseThrow(Groups::noSuchGroup);
            List<GroupMember> seats = members.findByGroup(group.getId());
            rules.requireMember(seats, caller);
            return view(group, seats);
        });
    }

    GroupList mine(String caller) {
        return reads.execute(status -> {
            List<UUID> ids = members.findGroupIdsOf(caller);
            Map<UUID, List<GroupMember>> seats = members.findByGroups(ids).stream()
                    .collect(Collectors.groupingBy(GroupMember::groupId));
            return new GroupList(groups.findAllById(ids).stream()
                    .sorted(Comparator.comparing(ChatGroup::createdAt).thenComparing(ChatGroup::getId))
                    .map(group -> view(group, seats.getOrDefault(group.getId(), List.of())))
                    .toList());
        });
    }

    /** Adding a member twice is a no-op (no event). */
    GroupView addMember(String groupId, String caller, String userId) {
        UUID id = parse(groupId);
        boolean toAdd = reads.execute(status -> {
            groups.findById(id).orElseThrow(Groups::noSuchGroup);
            return rules.checkAdd(members.findByGroup(id), caller, userId);
        });
        if (toAdd) {
            users.requireActive(List.of(userId));
        }
        return transactions.execute(status -> {
            ChatGroup group = groups.findForUpdate(id).orElseThrow(Groups::noSuchGroup);
            List<GroupMember> seats = members.findByGroup(id);
            if (!rules.checkAdd(seats, caller, userId)) {
                return view(group, seats);
            }
            Instant now = clock.instant();
            GroupMember added = members.save(new GroupMember(id, userId, GroupView.Member.MEMBER, now));
            outbox.append(id, new MemberAdded(UUID.randomUUID(), now, id.toString(), userId, caller));
            count("member_added");
            log.info("User {} added {} to group {}", caller, userId, groupId);
            return view(group, concat(seats, added));
        });
    }

    /** An admin removes a member, or a member leaves; if the last admin goes, the longest-standing member is promoted. */
    void removeMember(String groupId, String caller, String userId) {
        UUID id = parse(groupId);
        transactions.executeWithoutResult(status -> {
            groups.findForUpdate(id).orElseThrow(Groups::noSuchGroup);
            MembershipRules.Removal removal = rules.remove(members.findByGroup(id), caller, userId);
            members.delete(removal.removed());
            removal.promoted().ifPresent(GroupMember::promote);
            Instant now = clock.instant();
            outbox.append(id, new MemberRemoved(UUID.randomUUID(), now, id.toString(), userId, caller));
            count(caller.equals(userId) ? "member_left" : "member_removed");
            log.info("User {} {} group {}{}", userId, caller.equals(userId) ? "left" : "was removed by " + caller
                    + " from", groupId, removal.promoted().map(m -> "; " + m.userId() + " is now admin").orElse(""));
        });
    }

    private static GroupView view(ChatGroup group, List<GroupMember> seats) {
        return new GroupView(group.getId().toString(), group.name(),
                seats.stream().sorted(DISPLAY_ORDER).map(GroupMember::view).toList());
    }

    private static List<GroupMember> concat(List<GroupMember> seats, GroupMember added) {
        return Stream.concat(seats.stream(), Stream.of(added)).toList();
    }

    /** The group id as a UUID; one that is not even a UUID names no group (404). */
    public static UUID parse(String groupId) {
        try {
            return UUID.fromString(groupId);
        } catch (IllegalArgumentException e) {
            throw noSuchGroup();
        }
    }

    public static ResponseStatusException noSuchGroup() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such group");
    }

    private void count(String change) {
        meters.counter("courier.group.changes", "change", change).increment();
    }
}
