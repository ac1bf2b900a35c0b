package dev.courier.auth.login;

import dev.courier.auth.AuthProperties;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes account events on {@link Topics#ACCOUNTS}, keyed by user id, after the change is committed, and waits
 * for the broker's acknowledgement: a request answers success only once the gateways will hear of it. If Kafka
 * fails the request fails (500) and the client retries; the change is idempotent, so the retry publishes again.
 */
@Component
public class AccountEvents {

    private static final Logger log = LoggerFactory.getLogger(AccountEvents.class);

    private final KafkaTemplate<String, CourierEvent> kafka;
    private final Duration timeout;

    AccountEvents(KafkaTemplate<String, CourierEvent> kafka, AuthProperties properties) {
        this.kafka = kafka;
        this.timeout = properties.publishTimeout();
    }

    public void publish(String userId, CourierEvent event) {
        try {
            kafka.send(Topics.ACCOUNTS, userId, event).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Published {} {} for user {}", event.getClass().getSimpleName(), event.eventId(), userId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing " + event.eventId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not publish " + event.getClass().getSimpleName() + " "
                    + event.eventId() + " for user " + userId, e);
        }
    }
}
