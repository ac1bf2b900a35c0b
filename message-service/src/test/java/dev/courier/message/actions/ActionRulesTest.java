package dev.courier.message.actions;

import dev.courier.contracts.api.GroupMembers;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.MessageAction;
import dev.courier.contracts.events.MessageActionAuthorized;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageBody;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may react to, edit and delete a message, and which error everyone else gets. */
class ActionRulesTest {

    private static final Instant SENT = Instant.parse("2026-12-07T10:00:00Z");
    private final ActionRules rules = new ActionRules(Duration.ofMinutes(15), Duration.ofHours(48));

    private static TargetMessage direct(MessageBody body) {
        return new TargetMessage(1, "m1", "alice", "c1", "bob", null, SENT, false, body, null, false);
    }

    private static TargetMessage group(String sender, String... recipients) {
        var message = new TargetMessage(2, "g1", sender, "grp", null, "grp", SENT, false, MessageBody.text("hi"),
                null, false);
        message.recipients.addAll(List.of(recipients));
        return message;
    }

    private static MessageActionAuthorized action(String actor, MessageAction action) {
        return new MessageActionAuthorized(UUID.randomUUID(), SENT, new DeviceSession(actor, "d", "s", "gw"), action,
                "a1", "m1", action == MessageAction.REACT ? "👍" : null,
                action == MessageAction.EDIT ? MessageBody.text("new") : null);
    }

    private String code(String actor, MessageAction action, TargetMessage message, Optional<GroupMembers> group,
                        Duration after) {
        ErrorFrame error = rules.refusal(action(actor, action), message, group, SENT.plus(after));
        if (error != null) {
            assertThat(error.ref()).isEqualTo("a1");
        }
        return error == null ? "ok" : error.code();
    }

    private static Optional<GroupMembers> members(List<String> members, String admin) {
        return Optional.of(new GroupMembers("grp", members, "test", List.of(admin)));
    }

    @Test
    void bothParticipantsOfADirectChatReactAStrangerFindsNothing() {
        TargetMessage message = direct(MessageBody.text("hi"));
        assertThat(code("alice", MessageAction.REACT, message, Optional.empty(), Duration.ofDays(300))).isEqualTo("ok");
        assertThat(code("bob", MessageAction.REACT, message, Optional.empty(), Duration.ZERO)).isEqualTo("ok");
        assertThat(code("eve", MessageAction.REACT, message, Optional.empty(), Duration.ZERO)).isEqualTo("not_found");
        assertThat(code("alice", MessageAction.REACT, null, Optional.empty(), Duration.ZERO)).isEqualTo("not_found");
    }

    @Test
    void onlyTheSenderEditsATextWithinFifteenMinutes() {
        TargetMessage text = direct(MessageBody.text("hi"));
        assertThat(code("alice", MessageAction.EDIT, text, Optional.empty(), Duration.ofMinutes(15))).isEqualTo("ok");
        assertThat(code("alice", MessageAction.EDIT, text, Optional.empty(), Duration.ofMinutes(15).plusMillis(1)))
                .isEqualTo("forbidden");
        assertThat(code("bob", MessageAction.EDIT, text, Optional.empty(), Duration.ZERO)).isEqualTo("forbidden");
        TargetMessage image = direct(new MessageBody(null, new MessageBody.Image("media", null)));
        assertThat(code("alice", MessageAction.EDIT, image, Optional.empty(), Duration.ZERO)).isEqualTo("invalid");
    }

    @Test
    void theSenderDeletesWithin48HoursAGroupAdminAlways() {
        TargetMessage text = direct(MessageBody.text("hi"));
        assertThat(code("alice", MessageAction.DELETE, text, Optional.empty(), Duration.ofHours(48))).isEqualTo("ok");
        assertThat(code("alice", MessageAction.DELETE, text, Optional.empty(), Duration.ofHours(49)))
                .isEqualTo("forbidden");
        assertThat(code("bob", MessageAction.DELETE, text, Optional.empty(), Duration.ZERO)).isEqualTo("forbidden");

        TargetMessage inGroup = group("alice", "bob");
        var group = members(List.of("alice", "bob", "admin", "newcomer"), "admin");
        assertThat(code("admin", MessageAction.DELETE, inGroup, group, Duration.ofDays(30)))
                .as("an admin that never received it").isEqualTo("ok");
        assertThat(code("bob", MessageAction.DELETE, inGroup, group, Duration.ZERO)).isEqualTo("forbidden");
        assertThat(code("newcomer", MessageAction.REACT, inGroup, group, Duration.ZERO)).isEqualTo("not_found");
        assertThat(code("admin", MessageAction.REACT, inGroup, group, Duration.ZERO)).isEqualTo("not_found");
    }

    @Test
    void aFormerMemberIsForbiddenAndADeletedMessageIsNotFound() {
        TargetMessage inGroup = group("alice", "bob");
        var withoutBob = members(List.of("alice", "admin"), "admin");
        assertThat(code("bob", MessageAction.REACT, inGroup, withoutBob, Duration.ZERO)).isEqualTo("forbidden");
        assertThat(code("alice", MessageAction.REACT, inGroup, Optional.empty(), Duration.ZERO))
                .as("the group is gone").isEqualTo("forbidden");
        inGroup.delete("alice", SENT);
        assertThat(code("alice", MessageAction.EDIT, inGroup, withoutBob, Duration.ZERO)).isEqualTo("not_found");
        assertThat(code("admin", MessageAction.DELETE, inGroup, withoutBob, Duration.ZERO)).isEqualTo("not_found");
    }
}
