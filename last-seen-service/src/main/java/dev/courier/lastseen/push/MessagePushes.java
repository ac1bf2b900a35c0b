package dev.courier.lastseen.push;

import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.lastseen.LastSeenProperties;
import dev.courier.lastseen.blocking.BlockList;
import dev.courier.lastseen.presence.ConnectedDevices;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which recipients of a poll's stored messages are owed a push, decided set-wise so that the usual case costs one
 * statement per poll: of all recipients, those with a subscription ({@code push_subscription}, one query); only for
 * them, those with no connected device (one query) and who do not block the sender (one query per such recipient).
 * The rest wait in {@link PendingPushes}. Never a push for a system message, to the sender itself, to a recipient the
 * message is withheld from (it blocks the sender), or for a message older than the push's time to live.
 */
@Component
class MessagePushes {

    private final PushSubscriptions subscriptions;
    private final ConnectedDevices connected;
    private final BlockList blocks;
    private final PendingPushes pending;
    private final LastSeenProperties.Push settings;
    private final Clock clock;

    MessagePushes(PushSubscriptions subscriptions, ConnectedDevices connected, BlockList blocks,
                  PendingPushes pending, LastSeenProperties properties, Clock clock) {
        this.subscriptions = subscriptions;
        this.connected = connected;
        this.blocks = blocks;
        this.pending = pending;
        this.settings = properties.push();
        this.clock = clock;
    }

    /** The sends of one poll, in order. */
    void stored(List<SendAuthorized> sends) {
        Map<String, List<SendAuthorized>> byRecipient = new LinkedHashMap<>();
        var oldest = clock.instant().minus(settings.timeToLive());
        for (SendAuthorized send : sends) {
            if (send.body() == null || send.body().system() != null || send.at().isBefore(oldest)) {
                continue;
            }
            for (String recipient : send.recipientUserIds()) {
                if (!recipient.equals(send.sender().userId()) && !send.withheldFrom().contains(recipient)) {
                    byRecipient.computeIfAbsent(recipient, r -> new ArrayList<>()).add(send);
                }
            }
        }
        if (byRecipient.isEmpty()) {
            return;
        }
        byRecipient.keySet().retainAll(subscriptions.subscribedAmong(byRecipient.keySet()));
        if (byRecipient.isEmpty()) {
            return;
        }
        byRecipient.keySet().removeAll(connected.of(byRecipient.keySet()).keySet());
        byRecipient.forEach(this::owed);
    }

    private void owed(String recipient, List<SendAuthorized> sends) {
        Set<String> blocked = blocks.blockedAmong(recipient, senders(sends));
        for (SendAuthorized send : sends) {
            if (!blocked.contains(send.sender().userId())) {
                pending.add(recipient, new StoredMessage(send.conversationId(), send.messageId(),
                        send.sender().userId(), text(send.body())));
            }
        }
    }

    private static Collection<String> senders(List<SendAuthorized> sends) {
        Set<String> senders = new LinkedHashSet<>();
        sends.forEach(send -> senders.add(send.sender().userId()));
        return senders;
    }

    private static String text(MessageBody body) {
        if (body.text() != null) {
            return body.text();
        }
        return body.image() != null ? body.image().caption() : null;
    }
}
