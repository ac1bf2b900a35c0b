package dev.courier.system;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passwords and tokens the system tests used, so that {@link LogSecretsSystemTest} can check that none of them
 * reached a service's log. Shared by every test class of the run (one JVM).
 */
final class UsedSecrets {

    static final Set<String> PASSWORDS = ConcurrentHashMap.newKeySet();
    static final Set<String> TOKENS = ConcurrentHashMap.newKeySet();

    private UsedSecrets() {
    }

    static void password(String password) {
        if (password != null && !password.isBlank()) {
            PASSWORDS.add(password);
        }
    }

    static void tokens(dev.courier.contracts.api.TokenResponse tokens) {
        if (tokens != null) {
            TOKENS.add(tokens.accessToken());
            TOKENS.add(tokens.refreshToken());
        }
    }
}
