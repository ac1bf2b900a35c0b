package dev.courier.system;

import dev.courier.client.CourierConnection;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.testkit.delivery.DeliveryChecker;
import dev.courier.testkit.delivery.DeliveryReport;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds the test kit's {@link DeliveryChecker} from Java-client connections: the test says what it sent and to whom,
 * and which connections are which user's device; the frames every connection kept (in arrival order) do the rest.
 * A device that reconnects adds its new connection under the same label. Thread-safe; {@link #checker()} builds a
 * fresh checker from everything so far, so it can be asked again while traffic runs.
 */
final class DeliveryRecorder {

    private record Sent(String sender, String messageId, List<String> recipients) {
    }

    private record Device(String userId, String label) {
    }

    private final List<Sent> sends = new CopyOnWriteArrayList<>();
    private final Map<Device, List<CourierConnection>> devices = new LinkedHashMap<>();
    private final Set<String> discarded = ConcurrentHashMap.newKeySet();
    private final Set<String> expired = ConcurrentHashMap.newKeySet();

    /** A message {@code sender} sent to {@code recipients} (user ids; for a group, its members). */
    DeliveryRecorder sent(String sender, String messageId, Collection<String> recipients) {
        sends.add(new Sent(sender, messageId, List.copyOf(recipients)));
        return this;
    }

    DeliveryRecorder sent(TestUser sender, Collection<String> messageIds, TestUser... recipients) {
        List<String> to = java.util.Arrays.stream(recipients).map(TestUser::userId).toList();
        messageIds.forEach(id -> sent(sender.userId(), id, to));
        return this;
    }

    DeliveryRecorder sent(TestUser sender, String messageId, TestUser... recipients) {
        return sent(sender, List.of(messageId), recipients);
    }

    /**
     * Leaves these messages out from now on (their sends and every frame about them): after a scenario failed on
     * them, so that the next one is judged on its own.
     */
    DeliveryRecorder discard(Collection<String> messageIds) {
        discarded.addAll(messageIds);
        return this;
    }

    /** Leaves every message sent so far out from now on (see {@link #discard}). */
    DeliveryRecorder discardSoFar() {
        return discard(sends.stream().map(Sent::messageId).toList());
    }

    /**
     * These disappearing messages expired (the test saw their {@code expired} frame) before every recipient could
     * get them: a recipient that never showed one is not counted as a loss, since a message that expires before it
     * reaches a device is never delivered (PROTOCOL additions, disappearing messages). Everything else still holds
     * for them: the {@code sent} receipt, no copies that differ, order, receipts, and nobody but a recipient shows
     * them.
     */
    DeliveryRecorder expired(Collection<String> messageIds) {
        expired.addAll(messageIds);
        return this;
    }

    DeliveryRecorder expired(String... messageIds) {
        return expired(List.of(messageIds));
    }

    /** {@code connection} is (one connection of) device {@code label} of {@code user}. */
    synchronized DeliveryRecorder device(String userId, String label, CourierConnection connection) {
        devices.computeIfAbsent(new Device(userId, label), d -> new CopyOnWriteArrayList<>()).add(connection);
        return this;
    }

    DeliveryRecorder device(TestUser user, String label, CourierConnection connection) {
        return device(user.userId(), label, connection);
    }

    DeliveryChecker checker() {
        DeliveryChecker checker = new DeliveryChecker();
        Map<Device, List<CourierConnection>> snapshot;
        synchronized (this) {
            snapshot = new LinkedHashMap<>(devices);
        }
        Set<String> expiredShownTo = expired.isEmpty() ? Set.of() : expiredShownTo(snapshot);
        sends.stream().filter(s -> !discarded.contains(s.messageId()))
                .forEach(s -> checker.sent(s.sender(), s.messageId(), !expired.contains(s.messageId())
                        ? s.recipients()
                        : s.recipients().stream().filter(r -> expiredShownTo.contains(s.messageId() + " " + r))
                        .toList()));
        snapshot.forEach((device, connections) -> {
            for (CourierConnection connection : new ArrayList<>(connections)) {
                for (CourierConnection.ReceivedFrame received : connection.frames()) {
                    if (!isDiscarded(received)) {
                        feed(checker, device, received);
                    }
                }
            }
        });
        return checker;
    }

    /** "message-id user-id" of every expired message some device of the user showed. */
    private Set<String> expiredShownTo(Map<Device, List<CourierConnection>> snapshot) {
        Set<String> shown = new HashSet<>();
        snapshot.forEach((device, connections) -> connections.forEach(connection -> connection.frames().stream()
                .filter(received -> received.frame() instanceof MessageFrame m && expired.contains(m.id()))
                .forEach(received -> shown.add(((MessageFrame) received.frame()).id() + " " + device.userId()))));
        return shown;
    }

    private boolean isDiscarded(CourierConnection.ReceivedFrame received) {
        return discarded.isEmpty() ? false
                : received.frame() instanceof MessageFrame m ? discarded.contains(m.id())
                : received.frame() instanceof ReceiptFrame r && discarded.contains(r.messageId());
    }

    private static void feed(DeliveryChecker checker, Device device, CourierConnection.ReceivedFrame received) {
        if (received.frame() instanceof MessageFrame m) {
            checker.received(device.userId(), device.label(), new DeliveryChecker.Shown(m.id(), m.conversationId(),
                    m.from(), m.seq(), String.valueOf(m.body())));
        } else if (received.frame() instanceof ReceiptFrame r) {
            if (r.status() == ReceiptStatus.SENT) {
                checker.sentReceipt(r.messageId(), r.conversationId(), r.seq());
            } else {
                checker.receipt(device.userId(), device.label(), r.messageId(), r.status().name(), r.by());
            }
        }
    }

    DeliveryReport report() {
        return checker().report();
    }

    /**
     * Waits up to {@code timeout} until every send recorded has its {@code sent} receipt and has been shown to every
     * recipient (the receipt and the delivery travel on different sockets), then {@link #assertClean}s. Also fails
     * when nothing was recorded, so a test cannot pass without feeding both sides: a send whose sender's connection
     * is not recorded is reported unacknowledged, one whose recipient's connections are not recorded lost.
     */
    DeliveryReport awaitClean(Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> checker().unfinished().isEmpty());
        } catch (ConditionTimeoutException e) {
            // assertClean names what is missing
        }
        DeliveryReport report = assertClean();
        assertThat(report.sends()).as("sends recorded for the delivery checker").isPositive();
        return report;
    }

    /** Fails with the checker's findings unless the run is clean; answers the report. */
    DeliveryReport assertClean() {
        DeliveryReport report = report();
        assertThat(report.isClean()).as("delivery checker: %s", report).isTrue();
        return report;
    }
}
