package dev.courier.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code courier.security.*}.
 *
 * @param publicPaths request patterns that need no access token (for example auth-service's login)
 * @param revocation  how revoked access tokens are remembered
 */
@ConfigurationProperties("courier.security")
public record CourierSecurityProperties(List<String> publicPaths, Revocation revocation) {

    public CourierSecurityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
        revocation = revocation == null ? new Revocation(true, null) : revocation;
    }

    /**
     * @param enabled   refuse tokens revoked by a logout or a deactivation (default true)
     * @param retention how long a revocation is remembered: longer than any access token lives (default 24 h)
     */
    public record Revocation(Boolean enabled, Duration retention) {

        public Revocation {
            enabled = enabled == null || enabled;
            retention = retention == null ? Duration.ofHours(24) : retention;
        }
    }
}
