package dev.courier.gateway.routing;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.SessionClosed;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSocketEventsTest {

    private static final DeviceSession SESSION = new DeviceSession("u1", "d1", "s1", "gw-1");
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void aSocketClosedForSilenceEndedWhenItWasLastHeardFrom() {
        Instant lastHeard = NOW.minusSeconds(61);

        SessionClosed closed = KafkaSocketEvents.sessionClosed(SESSION, new CloseStatus(1001, "No pong"),
                Optional.of(lastHeard), NOW);

        assertThat(closed.at()).isEqualTo(lastHeard);
        assertThat(closed.reason()).isEqualTo("heartbeat-timeout");
        assertThat(closed.session()).isEqualTo(SESSION);
    }

    @Test
    void anyOtherCloseEndedWhenItClosedWithItsCodeAndReason() {
        SessionClosed closed = KafkaSocketEvents.sessionClosed(SESSION, new CloseStatus(4401, "Token revoked"),
                Optional.empty(), NOW);

        assertThat(closed.at()).isEqualTo(NOW);
        assertThat(closed.reason()).isEqualTo("4401 Token revoked");
    }

    @Test
    void aCloseWithoutReasonTextIsNamedByItsCode() {
        SessionClosed closed = KafkaSocketEvents.sessionClosed(SESSION, new CloseStatus(1001), Optional.empty(), NOW);

        assertThat(closed.at()).isEqualTo(NOW);
        assertThat(closed.reason()).isEqualTo("1001");
    }
}
