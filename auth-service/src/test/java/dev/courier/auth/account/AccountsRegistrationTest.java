package dev.courier.auth.account;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** How a registration that the database refuses is answered: only a taken number is the caller's 409. */
class AccountsRegistrationTest {

    private static final String PHONE = "+15551234567";

    private final UserAccountRepository users = mock(UserAccountRepository.class);
    private final Accounts accounts = new Accounts(users, new Passwords(4), Clock.systemUTC(), new SimpleMeterRegistry());

    @Test
    void aNumberThatIsAlreadyActiveIsAConflict() {
        when(users.existsByPhoneAndDeactivatedAtIsNull(PHONE)).thenReturn(true);

        assertThatThrownBy(() -> accounts.register(PHONE, "a password", "Ann"))
                .isInstanceOfSatisfying(ResponseStatusException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(409));
    }

    @Test
    void losingTheRaceForANumberIsAConflict() {
        when(users.existsByPhoneAndDeactivatedAtIsNull(PHONE)).thenReturn(false, true);
        when(users.saveAndFlush(any())).thenThrow(new DataIntegrityViolationException("users_active_phone_key"));

        assertThatThrownBy(() -> accounts.register(PHONE, "a password", "Ann"))
                .isInstanceOfSatisfying(ResponseStatusException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(409));
    }

    @Test
    void anyOtherRefusalIsNotReportedAsATakenNumber() {
        when(users.existsByPhoneAndDeactivatedAtIsNull(PHONE)).thenReturn(false);
        when(users.saveAndFlush(any())).thenThrow(new DataIntegrityViolationException("value too long"));

        assertThatThrownBy(() -> accounts.register(PHONE, "a password", "Ann"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
