package dev.courier.gateway.routing;

import dev.courier.contracts.events.Topics;
import dev.courier.gateway.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * This gateway's outbound topic: one partition, so what the parser writes for a socket arrives in that order; and
 * its dead-letter topic, where the shared error handler puts records it could not read.
 */
@Configuration(proxyBeanMethods = false)
class GatewayTopicConfig {

    @Bean
    KafkaAdmin.NewTopics gatewayOutboundTopics(GatewayProperties properties) {
        String topic = Topics.gatewayOutbound(properties.id());
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(topic).partitions(1).build(),
                TopicBuilder.name(topic + Topics.DEAD_LETTER_SUFFIX).partitions(1).build());
    }
}
