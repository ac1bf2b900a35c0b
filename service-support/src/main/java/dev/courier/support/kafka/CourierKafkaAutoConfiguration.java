package dev.courier.support.kafka;

import dev.courier.contracts.events.Topics;
import dev.courier.support.tracing.KafkaTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import dev.courier.contracts.events.CourierEvent;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.adapter.RecordFilterStrategy;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;

/**
 * Bounded retries, then the dead-letter topic ({@code <topic>.dlt}), for every listener of the service. Boot's
 * listener container factory picks this {@link CommonErrorHandler} up. Serialisers and producer settings come
 * from {@link CourierDefaultsEnvironmentPostProcessor}.
 */
@AutoConfiguration
@ConditionalOnClass(KafkaOperations.class)
public class CourierKafkaAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CourierKafkaAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(RecordFilterStrategy.class)
    CourierRecordFilter courierRecordFilter() {
        return new CourierRecordFilter();
    }

    @Bean
    @ConditionalOnMissingBean
    EventPublisher courierEventPublisher(KafkaTemplate<String, CourierEvent> kafka,
                                         ObjectProvider<KafkaTracing> tracing) {
        return new EventPublisher(kafka, tracing.getIfAvailable(() -> KafkaTracing.NOOP));
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler courierErrorHandler(KafkaOperations<Object, Object> kafka,
                                            ObjectProvider<MeterRegistry> meters,
                                            @Value("${courier.kafka.dependency-retry-limit:10m}")
                                            Duration dependencyRetryLimit) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        var recoverer = new DeadLetterPublishingRecoverer(kafka, (record, failure) -> {
            log.error("Dead-lettering record from {} key {} after retries: {}", record.topic(), record.key(),
                    failure.getMessage());
            // What an operator alerts on: any dead letter is a record some service could not handle.
            Counter.builder("courier.kafka.dead.letters")
                    .description("Records sent to the dead-letter topic after their bounded retries")
                    .tag("topic", record.topic())
                    .register(registry)
                    .increment();
            return new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1);
        });
        var backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxAttempts(4);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        // A dependency that is down is no reason to give a record up after a second: wait for it (bounded).
        handler.setBackOffFunction((record, failure) -> causedBy(failure, DependencyUnavailableException.class)
                ? dependencyBackOff(dependencyRetryLimit) : null);
        return handler;
    }

    static ExponentialBackOff dependencyBackOff(Duration limit) {
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxElapsedTime(limit.toMillis());
        return backOff;
    }

    /** Batch listeners wrap the failure (BatchListenerFailedException): look through the causes. */
    static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
