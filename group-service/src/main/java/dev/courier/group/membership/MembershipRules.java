package dev.courier.group.membership;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Who may do what to a group, apart from storage: members see it; admins add and remove; anyone may leave; at
 * most {@code maxMembers} members, creator included; when the last admin leaves, the longest-standing member
 * becomes admin (as WhatsApp does). Refusals are {@link ResponseStatusException}s (ProblemDetail for the client).
 * {@code members} lists are a group's current members; the rules never change them.
 */
final class MembershipRules {

    /** The longest-standing member first; ties (members added together) by user id, so the choice is stable. */
    static final Comparator<GroupMember> SENIORITY =
            Comparator.comparing(GroupMember::joinedAt).thenComparing(GroupMember::userId);

    private final int maxMembers;

    MembershipRules(int maxMembers) {
        this.maxMembers = maxMembers;
    }

    /** A new group's members: the creator first, then the listed users, each once. 400 past the limit. */
    List<String> founders(String creator, List<String> listed) {
        var founders = new LinkedHashSet<String>();
        founders.add(creator);
        founders.addAll(listed);
        if (founders.size() > maxMembers) {
            throw badRequest("A group has at most " + maxMembers + " members, its creator included; this one would have "
                    + founders.size());
        }
        return List.copyOf(founders);
    }

    /** 403 unless {@code caller} is a member. */
    void requireMember(List<GroupMember> members, String caller) {
        find(members, caller).orElseThrow(() -> forbidden("Only members of the group may see it"));
    }

    /**
     * Checks that {@code caller} may add {@code userId}: 403 unless an admin, 400 if the group is full.
     *
     * @return false if {@code userId} is already a member (nothing to do)
     */
    boolean checkAdd(List<GroupMember> members, String caller, String userId) {
        GroupMember adder = find(members, caller).orElseThrow(() -> forbidden("Only admins of the group may add members"));
        if (!adder.isAdmin()) {
            throw forbidden("Only admins of the group may add members");
        }
        if (find(members, userId).isPresent()) {
            return false;
        }
        if (members.size() + 1 > maxMembers) {
            throw badRequest("The group already has " + members.size() + " members, the most it may have");
        }
        return true;
    }

    /**
     * Checks that {@code caller} may remove {@code userId} (an admin, or the user itself leaving: else 403; 404 if
     * {@code userId} is not a member) and says who becomes admin if the last admin goes.
     */
    Removal remove(List<GroupMember> members, String caller, String userId) {
        GroupMember remover = find(members, caller)
                .orElseThrow(() -> forbidden("Only members of the group may remove members"));
        if (!caller.equals(userId) && !remover.isAdmin()) {
            throw forbidden("Only admins of the group may remove other members");
        }
        GroupMember removed = find(members, userId).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "User " + userId + " is not a member of the group"));
        List<GroupMember> remaining = new ArrayList<>(members);
        remaining.remove(removed);
        Optional<GroupMember> promoted = Optional.empty();
        if (removed.isAdmin() && remaining.stream().noneMatch(GroupMember::isAdmin)) {
            promoted = remaining.stream().min(SENIORITY);
        }
        return new Removal(removed, promoted);
    }

    private static Optional<GroupMember> find(List<GroupMember> members, String userId) {
        return members.stream().filter(m -> m.userId().equals(userId)).findFirst();
    }

    private static ResponseStatusException forbidden(String detail) {
        return new ResponseStatusException(HttpStatus.FORBIDDEN, detail);
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    /** @param promoted the member who becomes admin because the last admin left, if any */
    record Removal(GroupMember removed, Optional<GroupMember> promoted) {
    }
}
