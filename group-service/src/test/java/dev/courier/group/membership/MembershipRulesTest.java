package dev.courier.group.membership;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MembershipRulesTest {

    private static final UUID GROUP = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final MembershipRules rules = new MembershipRules(4);

    private final GroupMember ann = seat("ann", "admin", 0);
    private final GroupMember bob = seat("bob", "member", 10);
    private final GroupMember cid = seat("cid", "member", 5);
    private final List<GroupMember> group = List.of(ann, bob, cid);

    @Test
    void foundersAreTheCreatorFirstThenEachListedUserOnce() {
        assertThat(rules.founders("ann", List.of("bob", "ann", "bob", "cid"))).containsExactly("ann", "bob", "cid");
        assertThat(rules.founders("ann", List.of())).containsExactly("ann");
    }

    @Test
    void theLimitCountsTheCreatorAndDistinctUsers() {
        assertThat(rules.founders("ann", List.of("b", "c", "d", "b", "ann"))).hasSize(4);
        expectStatus(() -> rules.founders("ann", List.of("b", "c", "d", "e")), HttpStatus.BAD_REQUEST,
                "at most 4 members");
    }

    @Test
    void onlyMembersSeeTheGroup() {
        rules.requireMember(group, "bob");
        expectStatus(() -> rules.requireMember(group, "eve"), HttpStatus.FORBIDDEN, "members");
    }

    @Test
    void onlyAdminsAdd() {
        assertThat(rules.checkAdd(group, "ann", "dan")).isTrue();
        expectStatus(() -> rules.checkAdd(group, "bob", "dan"), HttpStatus.FORBIDDEN, "admins");
        expectStatus(() -> rules.checkAdd(group, "eve", "dan"), HttpStatus.FORBIDDEN, "admins");
    }

    @Test
    void addingAMemberAgainIsANoOpEvenWhenTheGroupIsFull() {
        List<GroupMember> full = List.of(ann, bob, cid, seat("dan", "member", 20));
        assertThat(rules.checkAdd(group, "ann", "bob")).isFalse();
        assertThat(rules.checkAdd(full, "ann", "dan")).isFalse();
        expectStatus(() -> rules.checkAdd(full, "ann", "eve"), HttpStatus.BAD_REQUEST, "the most it may have");
    }

    @Test
    void adminsRemoveAnyoneAndMembersOnlyThemselves() {
        assertThat(rules.remove(group, "ann", "bob").removed()).isSameAs(bob);
        assertThat(rules.remove(group, "bob", "bob").removed()).isSameAs(bob);
        expectStatus(() -> rules.remove(group, "bob", "cid"), HttpStatus.FORBIDDEN, "admins");
        expectStatus(() -> rules.remove(group, "bob", "ann"), HttpStatus.FORBIDDEN, "admins");
        expectStatus(() -> rules.remove(group, "eve", "eve"), HttpStatus.FORBIDDEN, "members");
        expectStatus(() -> rules.remove(group, "ann", "eve"), HttpStatus.NOT_FOUND, "not a member");
    }

    @Test
    void whenTheLastAdminLeavesTheLongestStandingMemberIsPromoted() {
        var removal = rules.remove(group, "ann", "ann");

        assertThat(removal.removed()).isSameAs(ann);
        assertThat(removal.promoted()).containsSame(cid);
    }

    @Test
    void seniorityTiesAreBrokenByUserId() {
        GroupMember zed = seat("zed", "member", 1);
        GroupMember abe = seat("abe", "member", 1);

        assertThat(rules.remove(List.of(ann, zed, abe), "ann", "ann").promoted()).containsSame(abe);
    }

    @Test
    void nobodyIsPromotedWhileAnotherAdminRemainsOrWhenNobodyRemains() {
        GroupMember dan = seat("dan", "admin", 30);

        assertThat(rules.remove(List.of(ann, bob, dan), "ann", "ann").promoted()).isEmpty();
        assertThat(rules.remove(List.of(ann, bob), "ann", "bob").promoted()).isEmpty();
        assertThat(rules.remove(List.of(ann), "ann", "ann").promoted()).isEmpty();
    }

    private static GroupMember seat(String userId, String role, int secondsAfterStart) {
        return new GroupMember(GROUP, userId, role, T0.plusSeconds(secondsAfterStart));
    }

    private static void expectStatus(Runnable action, HttpStatus status, String detail) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(ResponseStatusException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(status);
                    assertThat(e.getReason()).contains(detail);
                });
    }
}
