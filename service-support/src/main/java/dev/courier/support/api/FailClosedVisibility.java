package dev.courier.support.api;

import dev.courier.contracts.api.Visibility;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VisibilityApi} as auth-service and media-service must use it: failing closed. When last-seen-service does
 * not answer (down, error, timeout) the viewer may see nothing of the owner; the failure is logged and counted.
 */
public final class FailClosedVisibility {

    private static final Logger log = LoggerFactory.getLogger(FailClosedVisibility.class);
    private static final Visibility NOTHING = new Visibility(false, false, false, false);

    private final VisibilityApi lastSeen;
    private final Counter failures;

    /** @param failuresMetric the counter of the answers that failed closed */
    public FailClosedVisibility(VisibilityApi lastSeen, MeterRegistry meters, String failuresMetric) {
        this.lastSeen = lastSeen;
        this.failures = meters.counter(failuresMetric);
    }

    /** What of {@code ownerId} the viewer may see; nothing when last-seen-service cannot say. */
    public Visibility of(String ownerId, String viewerId) {
        try {
            return lastSeen.visibility(ownerId, viewerId).orElse(NOTHING);
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("What {} may see of user {} is unknown, so nothing: {}", viewerId, ownerId, e.toString());
            return NOTHING;
        }
    }
}
