package dev.courier.session.commands;

import dev.courier.contracts.api.GroupMembers;
import dev.courier.contracts.api.UserView;
import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.MessageAction;
import dev.courier.contracts.events.MessageActionAuthorized;
import dev.courier.contracts.events.MessageActionRequested;
import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import dev.courier.contracts.frames.TypingFrame;
import dev.courier.session.accounts.Accounts;
import dev.courier.session.accounts.UserDirectory;
import dev.courier.session.blocking.Blocks;
import dev.courier.support.groups.GroupDirectory;
import dev.courier.support.groups.GroupLookupFailedException;
import dev.courier.support.kafka.DependencyUnavailableException;
import dev.courier.session.media.MediaGrants;
import dev.courier.session.sessions.SessionRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class CommandAuthorizerTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    /** When the gateway read the send frame: carried on to the authorised send for its timeline. */
    private static final Instant RECEIVED = NOW.minusMillis(5);
    private static final DeviceSession ALICE = new DeviceSession("alice", "phone", "s-1", "gw-1");

    private final SessionRegistry sessions = mock(SessionRegistry.class);
    private final Accounts accounts = mock(Accounts.class);
    private final UserDirectory directory = mock(UserDirectory.class);
    private final GroupDirectory groups = mock(GroupDirectory.class);
    private final MediaGrants media = mock(MediaGrants.class);
    private final Blocks blocks = mock(Blocks.class);
    private final CommandAuthorizer authorizer = new CommandAuthorizer(sessions, accounts,
            new RecipientResolver(accounts, directory, groups), media, blocks, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void everyoneExists() {
        when(directory.find(anyString())).thenAnswer(call ->
                Optional.of(new UserView(call.getArgument(0), "+1555", "Someone", true)));
    }

    private static SendRequested send(Recipient to) {
        return new SendRequested(UUID.randomUUID(), NOW, ALICE, "m-1", to, MessageBody.text("hi"), RECEIVED);
    }

    private static ErrorFrame refusal(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Refused.class);
        return ((Decision.Refused) decision).error();
    }

    @Test
    void aSendToAnActiveUserIsAuthorisedInTheirDirectConversation() {
        Decision decision = authorizer.send(send(Recipient.user("bob")));

        assertThat(decision).isInstanceOf(Decision.Authorized.class);
        var authorized = (Decision.Authorized) decision;
        String conversationId = ConversationIds.direct("alice", "bob");
        assertThat(authorized.topic()).isEqualTo(Topics.MESSAGES);
        assertThat(authorized.key()).isEqualTo(conversationId);
        assertThat(authorized.event()).isEqualTo(new SendAuthorized(authorized.event().eventId(), NOW, ALICE, "m-1",
                Recipient.user("bob"), conversationId, List.of("bob"), MessageBody.text("hi"), RECEIVED, NOW));
    }

    @Test
    void aReplyIsAuthorisedWithTheIdOfTheMessageItQuotes() {
        var authorized = (Decision.Authorized) authorizer.send(new SendRequested(UUID.randomUUID(), NOW, ALICE, "m-2",
                Recipient.user("bob"), MessageBody.text("yes"), RECEIVED, "m-1"));

        assertThat(((SendAuthorized) authorized.event()).replyTo()).isEqualTo("m-1");
    }

    @Test
    void aDirectSendToAUserTheSenderBlocksIsForbiddenWithTheMessageIdAsRef() {
        when(blocks.blocks("alice", "bob")).thenReturn(true);

        ErrorFrame error = refusal(authorizer.send(send(Recipient.user("bob"))));

        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isEqualTo("m-1");
    }

    @Test
    void aDirectSendToAUserWhoBlocksTheSenderIsAuthorisedButWithheldFromIt() {
        when(blocks.blocks("bob", "alice")).thenReturn(true);
        when(media.grant(anyString(), anyString(), any())).thenReturn(MediaGrants.Outcome.GRANTED);

        var authorized = (Decision.Authorized) authorizer.send(send(Recipient.user("bob")));
        var image = (Decision.Authorized) authorizer.send(new SendRequested(UUID.randomUUID(), NOW, ALICE, "m-2",
                Recipient.user("bob"), new MessageBody(null, new MessageBody.Image("media-1", null))));

        SendAuthorized event = (SendAuthorized) authorized.event();
        assertThat(event.recipientUserIds()).containsExactly("bob");
        assertThat(event.withheldFrom()).containsExactly("bob");
        assertThat(((SendAuthorized) image.event()).withheldFrom()).containsExactly("bob");
        verify(media).grant("media-1", "alice", List.of());
    }

    @Test
    void blocksDoNotTouchGroupSends() {
        when(blocks.blocks(anyString(), anyString())).thenReturn(true);
        when(groups.members("g-1")).thenReturn(Optional.of(new GroupMembers("g-1", List.of("bob", "alice"),
                "group-a")));

        var authorized = (Decision.Authorized) authorizer.send(send(Recipient.group("g-1")));

        assertThat(((SendAuthorized) authorized.event()).withheldFrom()).isEmpty();
    }

    @Test
    void typingBetweenABlockerAndTheUserItBlocksReachesNobodyEitherWay() {
        when(sessions.openDeviceSessions(List.of("bob"))).thenReturn(List.of(new DeviceSession("bob", "p", "s-9",
                "gw-1")));
        assertThat(routed(authorizer.typing(typing(Recipient.user("bob"))))).hasSize(1);

        when(blocks.blocks("bob", "alice")).thenReturn(true);
        assertThat(routed(authorizer.typing(typing(Recipient.user("bob"))))).as("bob blocks alice").isEmpty();

        when(blocks.blocks("bob", "alice")).thenReturn(false);
        when(blocks.blocks("alice", "bob")).thenReturn(true);
        assertThat(routed(authorizer.typing(typing(Recipient.user("bob"))))).as("alice blocks bob").isEmpty();
    }

    @Test
    void aTextSendGrantsNoMedia() {
        authorizer.send(send(Recipient.user("bob")));

        verify(media, never()).grant(anyString(), anyString(), any());
    }

    @Test
    void anImageSendGrantsItsRecipientsTheMediaBeforeItIsAuthorised() {
        when(groups.members("g-1")).thenReturn(Optional.of(new GroupMembers("g-1", List.of("bob", "alice", "carol"),
                "group-a")));
        when(media.grant("media-1", "alice", List.of("bob", "carol"))).thenReturn(MediaGrants.Outcome.GRANTED);
        MessageBody image = new MessageBody(null, new MessageBody.Image("media-1", "look"));

        var authorized = (Decision.Authorized) authorizer.send(
                new SendRequested(UUID.randomUUID(), NOW, ALICE, "m-1", Recipient.group("g-1"), image));

        assertThat(((SendAuthorized) authorized.event()).body()).isEqualTo(image);
        verify(media).grant("media-1", "alice", List.of("bob", "carol"));
    }

    @Test
    void anImageSendOfUnknownOrSomeoneElsesMediaIsRefusedWithTheMessageIdAsRef() {
        when(media.grant(eq("unknown"), anyString(), any())).thenReturn(MediaGrants.Outcome.UNKNOWN_MEDIA);
        when(media.grant(eq("bobs"), anyString(), any())).thenReturn(MediaGrants.Outcome.NOT_UPLOADER);

        ErrorFrame unknown = refusal(authorizer.send(imageSend("unknown")));
        assertThat(unknown).isEqualTo(new ErrorFrame(ErrorFrame.NOT_FOUND, "unknown media", "m-1"));
        ErrorFrame notOwn = refusal(authorizer.send(imageSend("bobs")));
        assertThat(notOwn).isEqualTo(new ErrorFrame(ErrorFrame.FORBIDDEN, "not your media", "m-1"));
    }

    @Test
    void aGrantMediaServiceCannotAnswerThrowsSoTheCommandIsRetried() {
        when(media.grant(anyString(), anyString(), any())).thenThrow(new DependencyUnavailableException("down", null));

        assertThatThrownBy(() -> authorizer.send(imageSend("media-1"))).isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void anImageToAnUnknownUserIsNotFoundWithoutAGrant() {
        when(directory.find("ghost")).thenReturn(Optional.empty());

        ErrorFrame error = refusal(authorizer.send(new SendRequested(UUID.randomUUID(), NOW, ALICE, "m-1",
                Recipient.user("ghost"), new MessageBody(null, new MessageBody.Image("media-1", null)))));
        assertThat(error.message()).isEqualTo("unknown user");
        verify(media, never()).grant(anyString(), anyString(), any());
    }

    private static SendRequested imageSend(String mediaId) {
        return new SendRequested(UUID.randomUUID(), NOW, ALICE, "m-1", Recipient.user("bob"),
                new MessageBody(null, new MessageBody.Image(mediaId, null)));
    }

    @Test
    void aSendToOneselfIsAuthorisedWithoutALookup() {
        var authorized = (Decision.Authorized) authorizer.send(send(Recipient.user("alice")));

        assertThat(((SendAuthorized) authorized.event()).recipientUserIds()).containsExactly("alice");
        assertThat(authorized.key()).isEqualTo(ConversationIds.direct("alice", "alice"));
        verify(directory, never()).find(anyString());
    }

    @Test
    void anUnknownRecipientIsNotFoundWithTheMessageIdAsRef() {
        when(directory.find("ghost")).thenReturn(Optional.empty());

        ErrorFrame error = refusal(authorizer.send(send(Recipient.user("ghost"))));
        assertThat(error.code()).isEqualTo(ErrorFrame.NOT_FOUND);
        assertThat(error.ref()).isEqualTo("m-1");
    }

    @Test
    void anInactiveRecipientIsNotFound() {
        when(directory.find("gone")).thenReturn(Optional.of(new UserView("gone", null, null, false)));

        assertThat(refusal(authorizer.send(send(Recipient.user("gone")))).code()).isEqualTo(ErrorFrame.NOT_FOUND);
    }

    @Test
    void aRecipientDeactivatedHereIsNotFoundEvenIfALookupStillSaysActive() {
        when(accounts.isDeactivated("bob")).thenReturn(true);

        assertThat(refusal(authorizer.send(send(Recipient.user("bob")))).code()).isEqualTo(ErrorFrame.NOT_FOUND);
    }

    @Test
    void aMembersGroupSendGoesToTheOtherMembersInTheGroupsConversation() {
        when(groups.members("g-1")).thenReturn(Optional.of(new GroupMembers("g-1", List.of("bob", "alice", "carol"),
                "group-a")));

        var authorized = (Decision.Authorized) authorizer.send(send(Recipient.group("g-1")));
        assertThat(authorized.topic()).isEqualTo(Topics.MESSAGES);
        assertThat(authorized.key()).isEqualTo("g-1");
        assertThat(authorized.event()).isEqualTo(new SendAuthorized(authorized.event().eventId(), NOW, ALICE, "m-1",
                Recipient.group("g-1"), "g-1", List.of("bob", "carol"), MessageBody.text("hi"), RECEIVED, NOW));
    }

    @Test
    void aSenderAloneInItsGroupStillSends() {
        when(groups.members("g-1")).thenReturn(Optional.of(new GroupMembers("g-1", List.of("alice"), "group-a")));

        var authorized = (Decision.Authorized) authorizer.send(send(Recipient.group("g-1")));
        assertThat(((SendAuthorized) authorized.event()).recipientUserIds()).isEmpty();
    }

    @Test
    void aNonMembersGroupSendIsForbiddenWithTheMessageIdAsRef() {
        when(groups.members("g-1")).thenReturn(Optional.of(new GroupMembers("g-1", List.of("bob", "carol"),
                "group-a")));

        ErrorFrame error = refusal(authorizer.send(send(Recipient.group("g-1"))));
        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isEqualTo("m-1");
    }

    @Test
    void anUnknownGroupIsNotFoundWithTheMessageIdAsRef() {
        when(groups.members("g-1")).thenReturn(Optional.empty());

        ErrorFrame error = refusal(authorizer.send(send(Recipient.group("g-1"))));
        assertThat(error.code()).isEqualTo(ErrorFrame.NOT_FOUND);
        assertThat(error.message()).isEqualTo("unknown group");
        assertThat(error.ref()).isEqualTo("m-1");
    }

    @Test
    void aFailedGroupLookupIsThrownNotTakenForAnUnknownGroup() {
        when(groups.members("g-1")).thenThrow(new GroupLookupFailedException("group-service down", null));

        assertThatThrownBy(() -> authorizer.send(send(Recipient.group("g-1"))))
                .isInstanceOf(GroupLookupFailedException.class);
    }

    @Test
    void aSendFromAClosedSessionIsForbidden() {
        when(sessions.isClosed("s-1")).thenReturn(true);

        ErrorFrame error = refusal(authorizer.send(send(Recipient.user("bob"))));
        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isEqualTo("m-1");
        verify(directory, never()).find(anyString());
    }

    @Test
    void aSendFromADeactivatedUserIsForbidden() {
        when(accounts.isDeactivated("alice")).thenReturn(true);

        assertThat(refusal(authorizer.send(send(Recipient.user("bob")))).code()).isEqualTo(ErrorFrame.FORBIDDEN);
    }

    @Test
    void aSessionNotKnownYetMaySend() {
        when(sessions.isClosed("s-1")).thenReturn(false);

        assertThat(authorizer.send(send(Recipient.user("bob")))).isInstanceOf(Decision.Authorized.class);
    }

    @Test
    void aFailedLookupIsThrownNotTakenForAnUnknownUser() {
        when(directory.find("bob")).thenThrow(new DependencyUnavailableException("auth-service down", null));

        assertThatThrownBy(() -> authorizer.send(send(Recipient.user("bob"))))
                .isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void aReceiptIsAuthorisedKeyedByTheReader() {
        var receipt = new ReceiptRequested(UUID.randomUUID(), NOW, ALICE, ReceiptStatus.READ, List.of("m-7"));

        var authorized = (Decision.Authorized) authorizer.receipt(receipt);
        assertThat(authorized.topic()).isEqualTo(Topics.MESSAGES);
        assertThat(authorized.key()).isEqualTo("alice");
        assertThat(authorized.event()).isEqualTo(new ReceiptAuthorized(authorized.event().eventId(), NOW, ALICE,
                ReceiptStatus.READ, List.of("m-7")));
    }

    @Test
    void aReceiptFromAClosedSessionIsForbiddenWithoutRef() {
        when(sessions.isClosed("s-1")).thenReturn(true);
        var receipt = new ReceiptRequested(UUID.randomUUID(), NOW, ALICE, ReceiptStatus.READ, List.of("m-7"));

        ErrorFrame error = refusal(authorizer.receipt(receipt));
        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isNull();
    }

    @Test
    void aMessageActionIsAuthorisedKeyedByTheActor() {
        var react = new MessageActionRequested(UUID.randomUUID(), NOW, ALICE, MessageAction.REACT, "r-1", "m-7", "👍",
                null);

        var authorized = (Decision.Authorized) authorizer.action(react);
        assertThat(authorized.topic()).isEqualTo(Topics.MESSAGES);
        assertThat(authorized.key()).isEqualTo("alice");
        assertThat(authorized.event()).isEqualTo(new MessageActionAuthorized(authorized.event().eventId(), NOW, ALICE,
                MessageAction.REACT, "r-1", "m-7", "👍", null));
    }

    @Test
    void aMessageActionFromAClosedSessionOrADeactivatedUserIsForbiddenWithItsRef() {
        var edit = new MessageActionRequested(UUID.randomUUID(), NOW, ALICE, MessageAction.EDIT, "e-1", "m-7", null,
                MessageBody.text("fixed"));
        when(sessions.isClosed("s-1")).thenReturn(true);

        ErrorFrame closed = refusal(authorizer.action(edit));
        assertThat(closed.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(closed.ref()).isEqualTo("e-1");

        when(sessions.isClosed("s-1")).thenReturn(false);
        when(accounts.isDeactivated("alice")).thenReturn(true);
        ErrorFrame deactivated = refusal(authorizer.action(edit));
        assertThat(deactivated.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(deactivated.ref()).isEqualTo("e-1");
    }

    private static TypingRequested typing(Recipient to) {
        return new TypingRequested(UUID.randomUUID(), NOW, ALICE, to, "composing");
    }

    private static List<FrameRouted> routed(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Routed.class);
        return ((Decision.Routed) decision).frames();
    }

    @Test
    void typingToAUserGoesToEachOfItsOpenSessionsFromTheSender() {
        var bobPhone = new DeviceSession("bob", "phone", "s-b1", "gw-1");
        var bobLaptop = new DeviceSession("bob", "laptop", "s-b2", "gw-2");
        when(sessions.openDeviceSessions(List.of("bob"))).thenReturn(List.of(bobPhone, bobLaptop));

        List<FrameRouted> frames = routed(authorizer.typing(typing(Recipient.user("bob"))));
        assertThat(frames).extracting(FrameRouted::target).containsExactly(bobPhone, bobLaptop);
        assertThat(frames).extracting(FrameRouted::frame)
                .containsOnly(new TypingFrame("alice", Recipient.user("bob"), "composing"));
    }

    @Test
    void typingToAUserWithoutOpenSessionsRoutesNothing() {
        when(sessions.openDeviceSessions(any())).thenReturn(List.of());

        assertThat(routed(authorizer.typing(typing(Recipient.user("bob"))))).isEmpty();
    }

    @Test
    void typingToAGroupGoesToTheOtherMembersOnly() {
        when(groups.members("g-1")).thenReturn(Optional.of(new GroupMembers("g-1", List.of("bob", "alice", "carol"),
                "group-a")));
        var carolPhone = new DeviceSession("carol", "phone", "s-c1", "gw-1");
        when(sessions.openDeviceSessions(List.of("bob", "carol"))).thenReturn(List.of(carolPhone));

        List<FrameRouted> frames = routed(authorizer.typing(typing(Recipient.group("g-1"))));
        assertThat(frames).singleElement().satisfies(frame -> {
            assertThat(frame.target()).isEqualTo(carolPhone);
            assertThat(frame.frame()).isEqualTo(new TypingFrame("alice", Recipient.group("g-1"), "composing"));
        });
    }

    @Test
    void typingToOneselfReachesNobody() {
        assertThat(routed(authorizer.typing(typing(Recipient.user("alice"))))).isEmpty();
        verify(sessions, never()).openDeviceSessions(List.of("alice"));
    }

    @Test
    void typingToAnUnknownUserIsNotFoundWithoutRef() {
        when(directory.find("ghost")).thenReturn(Optional.empty());

        ErrorFrame error = refusal(authorizer.typing(typing(Recipient.user("ghost"))));
        assertThat(error.code()).isEqualTo(ErrorFrame.NOT_FOUND);
        assertThat(error.ref()).isNull();
    }

    @Test
    void typingToAGroupByANonMemberIsForbidden() {
        when(groups.members("g-1")).thenReturn(Optional.of(new GroupMembers("g-1", List.of("bob"), "group-a")));

        ErrorFrame error = refusal(authorizer.typing(typing(Recipient.group("g-1"))));
        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isNull();
    }

    @Test
    void typingToAnUnknownGroupIsNotFound() {
        when(groups.members("g-1")).thenReturn(Optional.empty());

        assertThat(refusal(authorizer.typing(typing(Recipient.group("g-1")))).code())
                .isEqualTo(ErrorFrame.NOT_FOUND);
    }

    @Test
    void typingFromAClosedSessionIsForbiddenWithoutALookup() {
        when(sessions.isClosed("s-1")).thenReturn(true);

        ErrorFrame error = refusal(authorizer.typing(typing(Recipient.user("bob"))));
        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isNull();
        verify(directory, never()).find(anyString());
        verify(sessions, never()).openDeviceSessions(any());
    }

    @Test
    void typingFromADeactivatedUserIsForbidden() {
        when(accounts.isDeactivated("alice")).thenReturn(true);

        assertThat(refusal(authorizer.typing(typing(Recipient.user("bob")))).code())
                .isEqualTo(ErrorFrame.FORBIDDEN);
    }
}
