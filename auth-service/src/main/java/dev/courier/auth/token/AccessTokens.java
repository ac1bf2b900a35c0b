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
import dev.courier.support.security.AuthenticatedUser;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Issues RS256 access tokens: {@code sub} = user id, {@code did} = device id, {@code iss}, {@code iat},
 * {@code exp}, {@code jti}. Thread-safe.
 */
@Service
public class AccessTokens {

    private final SigningKeys keys;
    private final Clock clock;
    private final String issuer;
    private final Duration ttl;

    AccessTokens(SigningKeys keys, Clock clock, AuthProperties properties) {
        this.keys = keys;
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
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
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
