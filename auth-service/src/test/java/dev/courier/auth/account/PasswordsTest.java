package dev.courier.auth.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTest {

    private final Passwords passwords = new Passwords(10);

    @Test
    void hashesWithBCryptAndChecks() {
        String hash = passwords.hash("secret password");

        assertThat(hash).startsWith("$2a$").doesNotContain("secret");
        assertThat(passwords.matches("secret password", hash)).isTrue();
        assertThat(passwords.matches("secret passwore", hash)).isFalse();
    }

    @Test
    void everyCharacterOfAPasswordLongerThanBCryptsLimitCounts() {
        String base = "x".repeat(100);
        String hash = passwords.hash(base + "a");

        assertThat(passwords.matches(base + "a", hash)).isTrue();
        assertThat(passwords.matches(base + "b", hash)).isFalse();
        assertThat(passwords.matches("ä".repeat(64), passwords.hash("ä".repeat(64)))).isTrue();
    }

    @Test
    void anUnknownUserNeverMatches() {
        assertThat(passwords.matchNobody("not-a-password-of-anyone")).isFalse();
    }
}
