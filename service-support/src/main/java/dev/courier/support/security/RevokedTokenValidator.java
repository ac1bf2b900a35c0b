package dev.courier.support.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses an access token revoked by a logout or a deactivation (see {@link RevokedTokens}): the resource server
 * then answers 401, the gateway refuses the WebSocket upgrade with 401. Spring Boot adds every
 * {@code OAuth2TokenValidator<Jwt>} bean to the decoder it builds; decoders a service builds itself add it explicitly.
 */
public class RevokedTokenValidator implements OAuth2TokenValidator<Jwt> {

    private static final OAuth2Error REVOKED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
            "The access token was revoked", null);

    private final RevokedTokens revoked;

    public RevokedTokenValidator(RevokedTokens revoked) {
        this.revoked = revoked;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        return revoked.isRevoked(token) ? OAuth2TokenValidatorResult.failure(REVOKED)
                : OAuth2TokenValidatorResult.success();
    }
}
