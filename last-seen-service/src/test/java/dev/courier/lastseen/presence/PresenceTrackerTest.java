package dev.courier.lastseen.presence;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.PresenceChangeRequested;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import dev.courier.lastseen.LastSeenProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The coalescing of last-seen writes, with the database and Kafka replaced by recording fakes. */
class PresenceTrackerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final List<Map<String, Instant>> writes = new ArrayList<>();
    private final List<PresenceSnapshot> pushed = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PresenceTracker tracker = tracker();

    private final DeviceSession phone = new DeviceSession("a", "phone", "s1", "gw");

    @Test
    void manyActivitiesCostOneWritePerFlush() {
        tracker.opened(new SessionOpened(UUID.randomUUID(), T0, phone, true));
        for (int i = 1; i <= 50; i++) {
            tracker.command(new TypingRequested(UUID.randomUUID(), T0.plusSeconds(i), phone, Recipient.user("b"),
                    "composing"));
        }
        assertThat(writes).as("nothing written before the flush").isEmpty();
        assertThat(tracker.current("a").lastSeen()).as("but known at once").isEqualTo(T0.plusSeconds(50));

        tracker.flushDirty();
        assertThat(writes).containsExactly(Map.of("a", T0.plusSeconds(50)));
        tracker.flushDirty();
        assertThat(writes).as("nothing moved since").hasSize(1);
        assertThat(meters.counter("courier.lastseen.activity", "kind", "user", "type", "typing").count())
                .isEqualTo(50);
    }

    @Test
    void systemActivityMakesNoWrite() {
        tracker.opened(new SessionOpened(UUID.randomUUID(), T0, phone, true));
        tracker.command(new ReceiptRequested(UUID.randomUUID(), T0.plusSeconds(1), phone, ReceiptStatus.DELIVERED,
                List.of("m")));
        tracker.flushDirty();
        assertThat(writes).isEmpty();
        assertThat(pushed).isEmpty();
    }

    @Test
    void goingOfflineWritesAtOnceAndIsPushed() {
        tracker.opened(new SessionOpened(UUID.randomUUID(), T0, phone, false));
        assertThat(pushed).extracting(PresenceSnapshot::online).containsExactly(true);
        tracker.command(new PresenceChangeRequested(UUID.randomUUID(), T0.plusSeconds(9), phone, "background"));
        assertThat(writes).containsExactly(Map.of("a", T0.plusSeconds(9)));
        assertThat(pushed).last().isEqualTo(new PresenceSnapshot("a", false, T0.plusSeconds(9)));
        tracker.flushDirty();
        assertThat(writes).as("already written").hasSize(1);
    }

    private PresenceTracker tracker() {
        Clock clock = Clock.fixed(T0.plusSeconds(100), ZoneOffset.UTC);
        var store = new PresenceStore(null, clock, meters) {
            @Override
            UserPresence load(String userId) {
                return new UserPresence(userId);
            }

            @Override
            void writeLastSeen(Map<String, Instant> lastSeenByUser) {
                if (!lastSeenByUser.isEmpty()) {
                    writes.add(Map.copyOf(lastSeenByUser));
                }
            }

            @Override
            void saveSession(String userId, UserPresence.Device device) {
            }

            @Override
            void deleteSession(String sessionId) {
            }
        };
        var ownership = new Ownership(null) {
            @Override
            public boolean owns(String userId) {
                return true;
            }
        };
        var properties = new LastSeenProperties(Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(1), 10,
                Duration.ofMinutes(1), new LastSeenProperties.Sessions(Duration.ofSeconds(30), Duration.ofSeconds(5)),
                null);
        return new PresenceTracker(store, ownership, pushed::add, new SimpleAsyncTaskScheduler(), clock, properties,
                meters);
    }
}
