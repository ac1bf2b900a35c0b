package dev.courier.gateway.websocket;

import dev.courier.gateway.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** How the gateway checks the access token presented at the WebSocket upgrade. */
@Configuration(proxyBeanMethods = false)
class TokenVerificationConfig {

    /**
     * Verifies access tokens against auth-service's JWKS, fetched on first use and cached. The expiry check allows
     * {@code token-clock-skew}, not Spring's default minute: a socket outlives its token, so the upgrade is the one
     * moment the token's age is checked.
     */
    @Bean
    JwtDecoder handshakeJwtDecoder(GatewayProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(properties.tokenClockSkew())));
        return decoder;
    }
}
