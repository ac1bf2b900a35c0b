package dev.courier.message.disappearing;

import dev.courier.contracts.frames.ExpiredFrame;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiredAudienceTest {

    private static final ExpiredAudience.Message M1 = new ExpiredAudience.Message(1, "m1", "alice", "c-ab");
    private static final ExpiredAudience.Message M2 = new ExpiredAudience.Message(2, "m2", "bob", "c-ab");
    private static final ExpiredAudience.Message G1 = new ExpiredAudience.Message(3, "g1", "alice", "group");

    @Test
    void connectedSendersAndRecipientsGetOneFramePerConversation() {
        var audience = ExpiredAudience.of(List.of(M1, M2, G1), List.of(
                        new ExpiredAudience.Delivery(1, "bob", "read"),
                        new ExpiredAudience.Delivery(2, "alice", "pending"),
                        new ExpiredAudience.Delivery(3, "bob", "pending"),
                        new ExpiredAudience.Delivery(3, "carol", "delivered")),
                Set.of("alice", "bob", "carol"));

        assertThat(audience.connected().get("alice")).containsExactly(
                new ExpiredFrame("c-ab", List.of("m1", "m2")), new ExpiredFrame("group", List.of("g1")));
        assertThat(audience.connected().get("bob")).containsExactly(
                new ExpiredFrame("c-ab", List.of("m1", "m2")), new ExpiredFrame("group", List.of("g1")));
        assertThat(audience.connected().get("carol")).containsExactly(new ExpiredFrame("group", List.of("g1")));
        assertThat(audience.kept()).isEmpty();
    }

    @Test
    void offlineUsersKeepANoticeOnlyForWhatTheyHad() {
        var audience = ExpiredAudience.of(List.of(M1, G1), List.of(
                        new ExpiredAudience.Delivery(1, "bob", "pending"),
                        new ExpiredAudience.Delivery(3, "bob", "delivered"),
                        new ExpiredAudience.Delivery(3, "carol", "pending"),
                        new ExpiredAudience.Delivery(3, "dave", "read")),
                Set.of());

        assertThat(audience.connected()).isEmpty();
        assertThat(audience.kept().get("alice")).containsExactly(
                new ExpiredFrame("c-ab", List.of("m1")), new ExpiredFrame("group", List.of("g1")));
        assertThat(audience.kept().get("bob")).containsExactly(new ExpiredFrame("group", List.of("g1")));
        assertThat(audience.kept().get("dave")).containsExactly(new ExpiredFrame("group", List.of("g1")));
        assertThat(audience.kept()).doesNotContainKey("carol");
    }

    @Test
    void everyoneConcernedIsLookedUp() {
        assertThat(ExpiredAudience.users(List.of(M1, G1), List.of(new ExpiredAudience.Delivery(1, "bob", "pending"),
                new ExpiredAudience.Delivery(3, "carol", "read")))).containsExactly("alice", "bob", "carol");
    }
}
