package dev.courier.support.health;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import java.util.List;

/**
 * The {@code kafkaConsumers} health indicator wherever spring-kafka and Boot's health support are present. The
 * readiness group includes it by default, so it must exist whenever those classes do (group members are validated).
 */
@AutoConfiguration
@ConditionalOnClass({KafkaListenerEndpointRegistry.class, HealthIndicator.class})
public class CourierHealthAutoConfiguration {

    /** The bean name gives the indicator its name, {@code kafkaConsumers}. */
    @Bean
    KafkaConsumersHealthIndicator kafkaConsumersHealthIndicator(ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        return new KafkaConsumersHealthIndicator(() -> {
            KafkaListenerEndpointRegistry listeners = registry.getIfAvailable();
            return listeners == null ? List.of() : listeners.getAllListenerContainers();
        });
    }
}
