package dev.courier.auth.token;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import dev.courier.auth.AuthProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.util.ArrayList;
import java.util.List;

/**
 * auth-service verifies bearer tokens with its own public keys, without fetching its own JWKS over HTTP. Replaces
 * Boot's decoder, so {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} is not needed here.
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfiguration {

    /** With every other {@code OAuth2TokenValidator<Jwt>} bean too (revoked tokens), as Boot's own decoder does. */
    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, AuthProperties properties,
                          ObjectProvider<OAuth2TokenValidator<Jwt>> validators) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder
                .withJwkSource(new ImmutableJWKSet<SecurityContext>(keys.publicKeys()))
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        List<OAuth2TokenValidator<Jwt>> all = new ArrayList<>();
        all.add(JwtValidators.createDefaultWithIssuer(properties.issuer()));
        validators.orderedStream().forEach(all::add);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(all));
        return decoder;
    }
}
