package dev.courier.system;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs last: no service log of this run holds a password or a token the tests used, nor anything shaped like a JWT.
 * A log line that does is a credential leak to whoever reads the logs.
 */
@Tag(SuitePhases.AFTER_SHARED_STACK)
@Order(Integer.MAX_VALUE)
class LogSecretsSystemTest {

    /** Header and claims of a JWT: base64url of JSON objects, {@code eyJ...}. */
    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.");
    /** A refresh token: 32 random bytes, base64url without padding. */
    static final Pattern REFRESH_TOKEN = Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])");

    @Test
    void noLogHoldsAPasswordOrAToken() throws IOException {
        Path logs = Path.of(System.getProperty("courier.root", "..")).toAbsolutePath().normalize()
                .resolve("system-tests/target/stack-logs");
        List<String> leaks = new ArrayList<>();
        Set<String> passwords = UsedSecrets.passwords();
        Set<String> tokens = UsedSecrets.tokens();
        assertThat(passwords).as("the tests' passwords, from every JVM of the run").isNotEmpty();
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.walk(logs)) {
                files.filter(Files::isRegularFile).forEach(file -> scan(file, passwords, tokens, leaks));
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static void scan(Path file, Set<String> passwords, Set<String> tokens, List<String> leaks) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String password : passwords) {
            if (text.contains(password)) {
                leaks.add(file + ": a test password");
            }
        }
        Matcher jwt = JWT.matcher(text);
        if (jwt.find()) {
            leaks.add(file + ": a JWT at offset " + jwt.start());
        }
        Matcher refresh = REFRESH_TOKEN.matcher(text);
        while (refresh.find()) {
            if (tokens.contains(refresh.group())) {
                leaks.add(file + ": a refresh token at offset " + refresh.start());
                break;
            }
        }
    }
}
