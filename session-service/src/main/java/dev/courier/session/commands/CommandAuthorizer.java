package dev.courier.session.commands;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.MessageActionAuthorized;
import dev.courier.contracts.events.MessageActionRequested;
import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.TypingFrame;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.session.accounts.Accounts;
import dev.courier.session.blocking.Blocks;
import dev.courier.session.media.MediaGrants;
import dev.courier.session.sessions.SessionRegistry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Decides each command. The session must not be known closed and its user must not be deactivated; a send needs
 * resolvable recipients, and so does a typing notice. The sender of what is authorised is always the command's
 * session, never anything the client wrote.
 * <p>
 * Blocks (PROTOCOL.md v1.1, this service's copy: {@link Blocks}) apply to direct conversations only: a direct send
 * to a user the sender blocks is refused ({@code error forbidden}, nothing stored); one to a user who blocks the
 * sender is authorised with that user in {@code withheldFrom} (message-service stores it and answers {@code sent},
 * but never delivers it to that user); a typing notice between them, either way, reaches nobody.
 */
@Component
class CommandAuthorizer {

    private final SessionRegistry sessions;
    private final Accounts accounts;
    private final RecipientResolver recipients;
    private final MediaGrants media;
    private final Blocks blocks;
    private final Clock clock;

    CommandAuthorizer(SessionRegistry sessions, Accounts accounts, RecipientResolver recipients, MediaGrants media,
                      Blocks blocks, Clock clock) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.recipients = recipients;
        this.media = media;
        this.blocks = blocks;
        this.clock = clock;
    }

    Decision send(SendRequested send) {
        ErrorFrame forbidden = forbidden(send.session(), send.messageId());
        if (forbidden != null) {
            return new Decision.Refused(forbidden);
        }
        return switch (recipients.resolve(send.session().userId(), send.to())) {
            case RecipientResolver.Resolution.Resolved resolved -> {
                String sender = send.session().userId();
                String peer = send.to().isGroup() ? null : send.to().user();
                if (peer != null && blocks.blocks(sender, peer)) {
                    yield new Decision.Refused(new ErrorFrame(ErrorFrame.FORBIDDEN, "you block this user",
                            send.messageId()));
                }
                List<String> withheld = peer != null && blocks.blocks(peer, sender) ? List.of(peer) : List.of();
                // Only those who will receive it may fetch the image: not a recipient it is withheld from.
                ErrorFrame mediaRefused = grantImage(send, resolved.recipientUserIds().stream()
                        .filter(user -> !withheld.contains(user)).toList());
                yield mediaRefused != null ? new Decision.Refused(mediaRefused) : new Decision.Authorized(
                        Topics.MESSAGES, resolved.conversationId(),
                        new SendAuthorized(UUID.randomUUID(), clock.instant(), send.session(), send.messageId(),
                                send.to(), resolved.conversationId(), resolved.recipientUserIds(), send.body(),
                                send.receivedAt(), send.at(), withheld, send.replyTo()));
            }
            case RecipientResolver.Resolution.NotFound notFound -> new Decision.Refused(
                    new ErrorFrame(ErrorFrame.NOT_FOUND, notFound.message(), send.messageId()));
            case RecipientResolver.Resolution.Forbidden refused -> new Decision.Refused(
                    new ErrorFrame(ErrorFrame.FORBIDDEN, refused.message(), send.messageId()));
        };
    }

    Decision receipt(ReceiptRequested receipt) {
        ErrorFrame forbidden = forbidden(receipt.session(), null);
        if (forbidden != null) {
            return new Decision.Refused(forbidden);
        }
        return new Decision.Authorized(Topics.MESSAGES, receipt.session().userId(),
                new ReceiptAuthorized(UUID.randomUUID(), clock.instant(), receipt.session(), receipt.status(),
                        receipt.messageIds()));
    }

    /**
     * A {@code react}, {@code edit} or {@code delete}: the session's checks, with the frame's id as the refusal's
     * {@code ref}. Which conversation the message is in, whether the actor takes part in it and may do this to it
     * are message-service's to decide: it alone knows the message (as for receipts). Keyed by the actor, so one
     * user's actions keep their order.
     */
    Decision action(MessageActionRequested action) {
        ErrorFrame forbidden = forbidden(action.session(), action.actionId());
        if (forbidden != null) {
            return new Decision.Refused(forbidden);
        }
        return new Decision.Authorized(Topics.MESSAGES, action.session().userId(),
                new MessageActionAuthorized(UUID.randomUUID(), clock.instant(), action.session(), action.action(),
                        action.actionId(), action.messageId(), action.emoji(), action.body()));
    }

    /**
     * A typing notice goes, as it is, to every open session of the other participants: the peer of a direct
     * conversation, or the group's other members. The same checks as a send (no {@code ref}: a typing frame has no
     * id). Never stored; a participant with no open session gets nothing, and typing to oneself reaches nobody.
     */
    Decision typing(TypingRequested typing) {
        DeviceSession sender = typing.session();
        ErrorFrame forbidden = forbidden(sender, null);
        if (forbidden != null) {
            return new Decision.Refused(forbidden);
        }
        return switch (recipients.resolve(sender.userId(), typing.to())) {
            case RecipientResolver.Resolution.Resolved resolved -> {
                if (!typing.to().isGroup() && (blocks.blocks(typing.to().user(), sender.userId())
                        || blocks.blocks(sender.userId(), typing.to().user()))) {
                    // Silently, as to a user with no open session: the typist learns nothing of the block.
                    yield new Decision.Routed(List.of());
                }
                List<String> others = resolved.recipientUserIds().stream()
                        .filter(user -> !user.equals(sender.userId()))
                        .toList();
                var frame = new TypingFrame(sender.userId(), typing.to(), typing.state());
                Instant now = clock.instant();
                yield new Decision.Routed(sessions.openDeviceSessions(others).stream()
                        .map(target -> new FrameRouted(UUID.randomUUID(), now, target, frame))
                        .toList());
            }
            case RecipientResolver.Resolution.NotFound notFound -> new Decision.Refused(
                    new ErrorFrame(ErrorFrame.NOT_FOUND, notFound.message(), null));
            case RecipientResolver.Resolution.Forbidden refused -> new Decision.Refused(
                    new ErrorFrame(ErrorFrame.FORBIDDEN, refused.message(), null));
        };
    }

    /**
     * An image send: media-service must know the media id and the sender must be its uploader; the sender and the
     * recipients (the peer, or the group's other members now) are then granted it, before the send goes on, so a
     * recipient can fetch it as soon as the message arrives. The error to answer, or null. Throws when media-service
     * cannot answer (the command is retried).
     */
    private ErrorFrame grantImage(SendRequested send, List<String> recipientUserIds) {
        MessageBody.Image image = send.body() == null ? null : send.body().image();
        if (image == null) {
            return null;
        }
        return switch (media.grant(image.mediaId(), send.session().userId(), recipientUserIds)) {
            case GRANTED -> null;
            case UNKNOWN_MEDIA -> new ErrorFrame(ErrorFrame.NOT_FOUND, "unknown media", send.messageId());
            case NOT_UPLOADER -> new ErrorFrame(ErrorFrame.FORBIDDEN, "not your media", send.messageId());
        };
    }

    /** The error for a command its session may not give, or null when it may. */
    private ErrorFrame forbidden(DeviceSession session, String ref) {
        if (accounts.isDeactivated(session.userId())) {
            return new ErrorFrame(ErrorFrame.FORBIDDEN, "account deactivated", ref);
        }
        if (sessions.isClosed(session.sessionId())) {
            return new ErrorFrame(ErrorFrame.FORBIDDEN, "session closed", ref);
        }
        return null;
    }
}
