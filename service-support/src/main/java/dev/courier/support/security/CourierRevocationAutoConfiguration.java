package dev.courier.support.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;

/**
 * Access-token revocation for every service that verifies tokens and has Kafka: an in-memory
 * {@link RevokedTokens} fed by {@link RevocationListener}, and a {@link RevokedTokenValidator} that Boot's JWT decoder
 * (and the decoders auth-service and the gateway build) apply to each token. Switch off with
 * {@code courier.security.revocation.enabled=false}.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass({Jwt.class, KafkaTemplate.class})
@ConditionalOnProperty(prefix = "courier.security.revocation", name = "enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(CourierSecurityProperties.class)
public class CourierRevocationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RevokedTokens courierRevokedTokens(CourierSecurityProperties properties, ObjectProvider<Clock> clock) {
        return new RevokedTokens(properties.revocation().retention(), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    RevokedTokenValidator courierRevokedTokenValidator(RevokedTokens revoked) {
        return new RevokedTokenValidator(revoked);
    }

    @Bean
    @ConditionalOnBean(name = "kafkaListenerContainerFactory")
    RevocationListener courierRevocationListener(RevokedTokens revoked, Environment environment) {
        return new RevocationListener(revoked, environment.getProperty("spring.application.name", "courier"));
    }
}
