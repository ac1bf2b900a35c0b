package dev.courier.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.courier.support.security.AuthenticatedUser;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;

/**
 * Access tokens for a service's integration tests: signed with a key made here, and a {@code @Primary} decoder that
 * trusts only that key. {@code @Import(TestTokens.class)} on the test, then {@code TestTokens.token(userId)}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestTokens {

    private static final KeyPair KEYS = generate();

    @Bean
    @Primary
    public JwtDecoder testJwtDecoder() {
        return NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
    }

    /** A valid access token (five minutes) for {@code userId} on device {@code device-1}. */
    public static String token(String userId) {
        return token(userId, null);
    }

    /** Like {@link #token(String)}, with the {@code admin} scope that operators' tokens carry. */
    public static String adminToken(String userId) {
        return token(userId, "admin");
    }

    private static String token(String userId, String scope) {
        try {
            var claims = new JWTClaimsSet.Builder()
                    .subject(userId)
                    .claim("scope", scope)
                    .claim(AuthenticatedUser.DEVICE_CLAIM, "device-1")
                    .issueTime(new Date())
                    .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                    .build();
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(KEYS.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
