package dev.courier.message.disappearing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TimerValuesTest {

    private final TimerValues offered = new TimerValues(false);
    private final TimerValues anyForTests = new TimerValues(true);

    @ParameterizedTest
    @ValueSource(longs = {0, 86_400, 604_800, 7_776_000})
    void whatsAppsValuesAndOffAreAlwaysAccepted(long seconds) {
        assertThat(offered.accepts(seconds)).isTrue();
        assertThat(anyForTests.accepts(seconds)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 5, 3_600, 86_399, 86_401, 7_775_999})
    void otherValuesOnlyWhenTestsAllowThem(long seconds) {
        assertThat(offered.accepts(seconds)).isFalse();
        assertThat(anyForTests.accepts(seconds)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -86_400, 7_776_001, Long.MAX_VALUE, Long.MIN_VALUE})
    void negativeOrLongerThanNinetyDaysNever(long seconds) {
        assertThat(offered.accepts(seconds)).isFalse();
        assertThat(anyForTests.accepts(seconds)).isFalse();
    }
}
