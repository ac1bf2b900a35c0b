package dev.courier.support.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, from the verified access token: the user id is the token's subject, the device its
 * {@value #DEVICE_CLAIM} claim. Controllers take it from here, never from a request field.
 */
public record AuthenticatedUser(String userId, String deviceId) {

    /** The access token claim that names the device that logged in. */
    public static final String DEVICE_CLAIM = "did";

    public static AuthenticatedUser from(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken token) {
            return from(token.getToken());
        }
        throw new IllegalStateException("Not a JWT authentication: " + authentication);
    }

    public static AuthenticatedUser from(Jwt jwt) {
        return new AuthenticatedUser(jwt.getSubject(), jwt.getClaimAsString(DEVICE_CLAIM));
    }
}
