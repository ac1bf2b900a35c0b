package dev.courier.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/** @param publicPaths request patterns that need no access token (for example auth-service's login). */
@ConfigurationProperties("courier.security")
public record CourierSecurityProperties(List<String> publicPaths) {

    public CourierSecurityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }
}
