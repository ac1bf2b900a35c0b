package dev.courier.gateway.websocket;

import dev.courier.gateway.GatewayProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.util.ArrayList;
import java.util.List;

/** How the gateway checks the access token presented at the WebSocket upgrade. */
@Configuration(proxyBeanMethods = false)
class TokenVerificationConfig {

    /**
     * Verifies access tokens against auth-service's JWKS, fetched on first use and cached. The expiry check allows
     * {@code token-clock-skew}, not Spring's default minute: a socket outlives its token, so the upgrade is the one
     * moment the token's age is checked.
     */
    @Bean
    JwtDecoder handshakeJwtDecoder(GatewayProperties properties, ObjectProvider<OAuth2TokenValidator<Jwt>> validators) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString()).build();
        decoder.setJwtValidator(validator(properties, validators));
        return decoder;
    }

    /**
     * The expiry check, then every {@code OAuth2TokenValidator<Jwt>} bean: service-support's revoked-token check, so
     * a token revoked by a logout or a deactivation cannot open a socket again.
     */
    static OAuth2TokenValidator<Jwt> validator(GatewayProperties properties,
                                               ObjectProvider<OAuth2TokenValidator<Jwt>> validators) {
        List<OAuth2TokenValidator<Jwt>> all = new ArrayList<>();
        all.add(new JwtTimestampValidator(properties.tokenClockSkew()));
        validators.orderedStream().forEach(all::add);
        return new DelegatingOAuth2TokenValidator<>(all);
    }
}
