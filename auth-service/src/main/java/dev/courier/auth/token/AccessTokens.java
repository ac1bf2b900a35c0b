package dev.courier.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.courier.auth.AuthProperties;
import dev.courier.auth.account.Operators;
import dev.courier.support.security.AuthenticatedUser;
import dev.courier.support.security.RevokedTokens;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Issues RS256 access tokens: {@code sub} = user id, {@code did} = device id, {@code iss}, {@code iat},
 * {@code iat_ms} (the issue time in milliseconds: revocation by a logout must tell a token issued just before it from
 * one issued just after, within the same second), {@code exp}, {@code jti}, and {@code scope = admin} for the
 * operators (see {@link Operators}). Thread-safe.
 */
@Service
public class AccessTokens {

    private final SigningKeys keys;
    private final Clock clock;
    private final String issuer;
    private final Duration ttl;

    private final Operators operators;

    AccessTokens(SigningKeys keys, Clock clock, AuthProperties properties, Operators operators) {
        this.keys = keys;
        this.operators = operators;
        this.clock = clock;
        this.issuer = properties.issuer();
        this.ttl = properties.accessTokenTtl();
    }

    /** A signed access token and its lifetime. */
    public record AccessToken(String value, Duration ttl) {
    }

    public AccessToken issue(String userId, String deviceId) {
        RSAKey key = keys.current();
        Instant now = clock.instant();
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(userId)
                .claim(AuthenticatedUser.DEVICE_CLAIM, deviceId)
                .issueTime(Date.from(now))
                .claim(RevokedTokens.ISSUED_AT_MILLIS_CLAIM, now.toEpochMilli())
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                // Spring's resource servers turn it into the SCOPE_admin authority; absent for everyone else.
                .claim("scope", operators.isOperator(userId) ? "admin" : null)
                .build();
        var header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
        var jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an access token", e);
        }
        return new AccessToken(jwt.serialize(), ttl);
    }
}
