package dev.courier.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    void durationSetsTheMessageCountUnlessMessagesIsGiven() {
        assertThat(Options.parse(new String[] {"--rate", "400", "--duration", "20"}).messages()).isEqualTo(8000);
        assertThat(Options.parse(new String[] {"--rate", "400", "--messages", "100", "--duration", "20"}).messages())
                .isEqualTo(100);
        assertThat(Options.parse(new String[0]).messages()).isEqualTo(1000);
        assertThat(Options.parse(new String[] {"--workload", "media", "--rate", "0.5"}).messages())
                .as("media: 30 s by default").isEqualTo(15);
    }

    @Test
    void directPairsGrowWithTheRateSoThatNoSenderMeetsThePerConnectionLimit() {
        assertThat(Options.parse(new String[] {"--rate", "400"}).pairs()).isEqualTo(10);
        assertThat(Options.parse(new String[] {"--rate", "2000"}).pairs()).isEqualTo(40);
        assertThat(Options.parse(new String[] {"--rate", "2000", "--pairs", "3"}).pairs()).isEqualTo(3);
    }

    @Test
    void theDrainIsGivenOrFollowsTheLatencySeen() {
        assertThat(Drain.limitNanos(2.5)).isEqualTo(2_500_000_000L);
        LatencyRecorder slow = new LatencyRecorder("slow");
        assertThat(Drain.limitNanos(null, slow)).isEqualTo(10_000_000_000L);
        for (int i = 0; i < 100; i++) {
            slow.record(8_000_000_000L);
        }
        assertThat(Drain.limitNanos(null, slow)).isBetween(15_900_000_000L, 16_100_000_000L);
    }

    @Test
    void helpIsAskedForAnywhereAndNamesEveryOptionTheParserKnows() {
        assertThat(Options.wantsHelp(new String[] {"--help"})).isTrue();
        assertThat(Options.wantsHelp(new String[] {"--rate", "10", "-h"})).isTrue();
        assertThat(Options.wantsHelp(new String[] {"--rate", "10"})).isFalse();
        for (String option : Options.USAGE.split(" ")) {
            if (option.startsWith("--")) {
                assertThat(Options.HELP).as(option).contains(option + " ");
            }
        }
    }

    @Test
    void badOptionsAreRefusedWithTheUsage() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--bogus", "1"})).hasMessageContaining("--workload");
        assertThatThrownBy(() -> Options.parse(new String[] {"--rate"})).hasMessageContaining("no value");
    }
}
