package dev.courier.support.kafka;

import dev.courier.contracts.events.Topics;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    EventPublisher courierEventPublisher(KafkaTemplate<String, CourierEvent> kafka) {
        return new EventPublisher(kafka);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler courierErrorHandler(KafkaOperations<Object, Object> kafka) {
        var recoverer = new DeadLetterPublishingRecoverer(kafka, (record, failure) -> {
            log.error("Dead-lettering record from {} key {} after retries: {}", record.topic(), record.key(),
                    failure.getMessage());
            return new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1);
        });
        var backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxAttempts(4);
        return new DefaultErrorHandler(recoverer, backOff);
    }
}
