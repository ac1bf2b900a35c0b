package dev.courier.support.kafka;

import dev.courier.contracts.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.ArrayList;
import java.util.List;

/**
 * Declares the shared topics and their dead-letter topics. Every service declares all of them: Spring's
 * {@link KafkaAdmin} creates only what is missing, so whichever service starts first creates them and nobody
 * depends on start-up order. {@code courier.kafka.partitions} (default 4) spreads the work over instances.
 */
@AutoConfiguration
@ConditionalOnClass(KafkaAdmin.class)
public class CourierTopicsAutoConfiguration {

    static final List<String> SHARED_TOPICS = List.of(Topics.FRAMES_INBOUND, Topics.SESSIONS, Topics.COMMANDS,
            Topics.MESSAGES, Topics.DELIVERIES, Topics.ACCOUNTS, Topics.GROUPS, Topics.MEDIA, Topics.BLOCKS);

    @Bean
    KafkaAdmin.NewTopics courierTopics(@Value("${courier.kafka.partitions:4}") int partitions,
                                       @Value("${courier.kafka.replicas:1}") short replicas) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : SHARED_TOPICS) {
            topics.add(TopicBuilder.name(name).partitions(partitions).replicas(replicas).build());
            topics.add(TopicBuilder.name(name + Topics.DEAD_LETTER_SUFFIX).partitions(1).replicas(replicas).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
