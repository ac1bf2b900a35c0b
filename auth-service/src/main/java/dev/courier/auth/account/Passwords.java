package dev.courier.auth.account;

import dev.courier.auth.AuthProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * BCrypt password hashing. BCrypt reads at most 72 bytes (and Spring's encoder refuses more), while a password may
 * have 128 characters: a longer password is first reduced to the base64 of its SHA-256, so every character counts.
 */
@Component
class Passwords {

    private static final int BCRYPT_MAX_BYTES = 72;

    private final BCryptPasswordEncoder encoder;
    // Checked against when the phone is unknown, so that an unknown number costs as much time as a wrong password.
    private final String dummyHash;

    @Autowired
    Passwords(AuthProperties properties) {
        this(properties.passwordHashStrength());
    }

    Passwords(int strength) {
        this.encoder = new BCryptPasswordEncoder(strength);
        this.dummyHash = encoder.encode("not-a-password-of-anyone");
    }

    String hash(String password) {
        return encoder.encode(bcryptInput(password));
    }

    boolean matches(String password, String hash) {
        return encoder.matches(bcryptInput(password), hash);
    }

    /** Spends the time of a real check, then fails. */
    boolean matchNobody(String password) {
        encoder.matches(bcryptInput(password), dummyHash);
        return false;
    }

    private static String bcryptInput(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= BCRYPT_MAX_BYTES) {
            return password;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
