package dev.courier.support.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

/**
 * A stateless JWT resource server for every service that has the resource-server starter: access tokens are
 * verified against auth-service's JWKS ({@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}).
 * Actuator and the OpenAPI document ({@code /v3/api-docs}) are open, and so are the paths a service lists in
 * {@code courier.security.public-paths}; {@code /internal/**}
 * (service-to-service, never routed by the gateway) answers only requests that carry the deployment's
 * {@link ServiceToken}, anyone else gets 401. Every JWT decoder that takes {@code OAuth2TokenValidator<Jwt>} beans
 * (Boot's, auth-service's, the gateway's) also checks expiry with {@code courier.security.clock-skew} (10 s) instead
 * of Spring's default minute. A service with its own filter chain replaces this one.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnClass({SecurityFilterChain.class, JwtDecoder.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(CourierSecurityProperties.class)
public class CourierSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain courierResourceServer(HttpSecurity http, CourierSecurityProperties properties,
                                              ServiceToken serviceToken) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/internal/**").access((authentication, context) -> new AuthorizationDecision(
                                serviceToken.matches(context.getRequest().getHeader(ServiceToken.HEADER))))
                        .requestMatchers("/actuator/**", "/error", "/v3/api-docs/**").permitAll()
                        .requestMatchers(properties.publicPaths().toArray(String[]::new)).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .build();
    }

    /** Added to Spring's default validators, whose minute of skew it narrows: the stricter check decides. */
    @Bean
    OAuth2TokenValidator<Jwt> courierClockSkewValidator(CourierSecurityProperties properties) {
        return new JwtTimestampValidator(properties.clockSkew());
    }
}
