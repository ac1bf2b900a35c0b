package dev.courier.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code courier.security.*}.
 *
 * @param publicPaths  request patterns that need no access token (for example auth-service's login)
 * @param revocation   how revoked access tokens are remembered
 * @param clockSkew    how far past its {@code exp} (or before its {@code nbf}) an access token is still taken, for
 *                     clocks that disagree a little: 10 s by default, in every service and at the gateway's upgrade
 * @param serviceToken the secret services present to each other's {@code /internal/**} endpoints
 *                     ({@link ServiceToken}); env {@code COURIER_SECURITY_SERVICETOKEN}. Unset: every
 *                     {@code /internal/**} request is refused (401) and calls carry none
 */
@ConfigurationProperties("courier.security")
public record CourierSecurityProperties(List<String> publicPaths, Revocation revocation, Duration clockSkew,
                                        String serviceToken) {

    public CourierSecurityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
        revocation = revocation == null ? new Revocation(true, null) : revocation;
        clockSkew = clockSkew == null ? Duration.ofSeconds(10) : clockSkew;
        serviceToken = serviceToken == null || serviceToken.isBlank() ? null : serviceToken;
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
