package dev.courier.lastseen.push;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.courier.lastseen.LastSeenProperties;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * The {@code Authorization} header of a push request, RFC 8292: {@code vapid t=<JWT>, k=<public key>}, the JWT
 * signed ES256 (nimbus-jose-jwt) with {@code aud} = the endpoint's origin, {@code exp} twelve hours on (the RFC allows
 * at most 24) and {@code sub} = {@code courier.lastseen.push.subject}. One token per origin is reused for an hour,
 * so a burst of pushes to one push service signs once.
 */
@Component
class Vapid {

    private static final Duration VALIDITY = Duration.ofHours(12);
    private static final Duration REUSE = Duration.ofHours(1);

    private final VapidKeys keys;
    private final ECDSASigner signer;
    private final String subject;
    private final Clock clock;
    private final Cache<String, String> headers = Caffeine.newBuilder()
            .expireAfterWrite(REUSE)
            .maximumSize(1_000)
            .build();

    Vapid(VapidKeys keys, LastSeenProperties properties, Clock clock) throws JOSEException {
        this.keys = keys;
        this.signer = new ECDSASigner((ECPrivateKey) keys.keyPair().getPrivate());
        this.subject = properties.push().subject();
        this.clock = clock;
    }

    String authorization(URI endpoint) {
        return headers.get(origin(endpoint), this::header);
    }

    /** {@code scheme://host[:port]}, the port only when the endpoint names one. */
    static String origin(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() == -1 ? "" : ":"
                + endpoint.getPort());
    }

    private String header(String origin) {
        var claims = new JWTClaimsSet.Builder()
                .audience(origin)
                .expirationTime(Date.from(clock.instant().plus(VALIDITY)))
                .subject(subject)
                .build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a VAPID token", e);
        }
        return "vapid t=" + jwt.serialize() + ", k=" + keys.publicKey();
    }
}
