package dev.courier.auth.token;

import dev.courier.testkit.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The signing key outlives the process: a restarted (or second) instance signs with the same key. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SigningKeysIntegrationTest implements RealInfrastructure {

    @Autowired
    SigningKeys running;
    @Autowired
    SigningKeyRepository repository;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void anotherInstanceLoadsTheStoredKeyInsteadOfMakingOne() {
        var restarted = new SigningKeys(repository, jdbc, transactions, Clock.systemUTC());

        assertThat(restarted.current().getKeyID()).isEqualTo(running.current().getKeyID());
        assertThat(restarted.current().isPrivate()).isTrue();
        assertThat(restarted.publicKeys().getKeys()).hasSize(1)
                .allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
        assertThat(repository.count()).isEqualTo(1);
    }
}
