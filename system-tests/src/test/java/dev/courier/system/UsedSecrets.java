package dev.courier.system;

import dev.courier.contracts.api.TokenResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Passwords and tokens the system tests used, so that {@link LogSecretsSystemTest} can check that none of them
 * reached a service's log. The system tests run in three JVMs one after the other ({@link SuitePhases}) and the
 * check runs in the last one, so each secret is also added to a file under {@code target/} that the check reads.
 */
final class UsedSecrets {

    private static final Path FILE = Path.of(System.getProperty("courier.root", "..")).toAbsolutePath().normalize()
            .resolve("system-tests/target/used-secrets.txt");
    private static final String PASSWORD = "password ";
    private static final String TOKEN = "token ";

    private UsedSecrets() {
    }

    static void password(String password) {
        if (password != null && !password.isBlank()) {
            add(PASSWORD + password);
        }
    }

    static void tokens(TokenResponse tokens) {
        if (tokens != null) {
            add(TOKEN + tokens.accessToken());
            add(TOKEN + tokens.refreshToken());
        }
    }

    /** Every password any JVM of this run used. */
    static Set<String> passwords() {
        return read(PASSWORD);
    }

    /** Every access and refresh token any JVM of this run was given. */
    static Set<String> tokens() {
        return read(TOKEN);
    }

    private static synchronized void add(String line) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Set<String> read(String kind) {
        try {
            List<String> lines = Files.exists(FILE) ? Files.readAllLines(FILE, StandardCharsets.UTF_8) : List.of();
            return lines.stream().filter(line -> line.startsWith(kind)).map(line -> line.substring(kind.length()))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
