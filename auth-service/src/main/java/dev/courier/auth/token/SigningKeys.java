package dev.courier.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.text.ParseException;
import java.time.Clock;
import java.util.List;

/**
 * The RS256 key pairs, loaded once at start-up from the {@code signing_key} table. The first instance to start
 * generates one; a PostgreSQL advisory lock makes instances that start together agree on it. Tokens are signed
 * with the newest key; the JWKS lists the public halves of all of them, so a key added later (rotation) does not
 * invalidate tokens signed with an older one.
 */
@Component
class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    // Any constant; only auth-service takes advisory locks in its database.
    private static final long KEY_CREATION_LOCK = 0x636f7572696572L;

    private final List<RSAKey> keys;

    SigningKeys(SigningKeyRepository repository, JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.keys = transactions.execute(status -> {
            jdbc.execute("select pg_advisory_xact_lock(" + KEY_CREATION_LOCK + ")");
            List<SigningKey> stored = repository.findAllByOrderByCreatedAtDesc();
            if (!stored.isEmpty()) {
                return stored.stream().map(SigningKeys::parse).toList();
            }
            RSAKey generated = generate();
            repository.save(new SigningKey(generated.getKeyID(), generated.toJSONString(), clock.instant()));
            log.info("Generated signing key {}", generated.getKeyID());
            return List.of(generated);
        });
        log.info("Signing with key {}; publishing {} key(s)", current().getKeyID(), keys.size());
    }

    /** The key new access tokens are signed with (private part included). */
    RSAKey current() {
        return keys.getFirst();
    }

    /** The public halves of every key, as published at {@code /.well-known/jwks.json}. */
    JWKSet publicKeys() {
        return new JWKSet(keys.stream().map(key -> (JWK) key.toPublicJWK()).toList());
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate a signing key", e);
        }
    }

    private static RSAKey parse(SigningKey stored) {
        try {
            return RSAKey.parse(stored.privateJwk());
        } catch (ParseException e) {
            throw new IllegalStateException("Unreadable signing key in the database", e);
        }
    }
}
