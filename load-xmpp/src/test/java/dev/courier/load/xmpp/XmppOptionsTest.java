package dev.courier.load.xmpp;

import dev.courier.load.GatewayMemory;

import dev.courier.load.OpenLoop;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmppOptionsTest {

    @Test
    void defaultsMatchTheBenchScript() {
        XmppOptions options = XmppOptions.parse();

        assertThat(options.url()).hasToString("ws://127.0.0.1:5280/ws");
        assertThat(options.account(3, "r").bareJid()).isEqualTo("bench3@localhost");
        assertThat(options.pairs()).isEqualTo(10);
        assertThat(options.messages()).isEqualTo(1000);
    }

    @Test
    void pairsGrowWithTheRateAsCouriersDo() {
        XmppOptions options = XmppOptions.parse("--workload", "direct", "--rate", "2000", "--duration", "5");

        assertThat(options.pairs()).isEqualTo(40);
        assertThat(options.messages()).isEqualTo(10_000);
    }

    @Test
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> XmppOptions.parse("--url", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void poissonGapsAverageToTheRate() {
        Random random = new Random(1);
        long total = 0;
        for (int i = 0; i < 20_000; i++) {
            total += OpenLoop.gapNanos(random, 500);
        }
        assertThat(total / 20_000 / 1e6).isBetween(1.9, 2.1);
    }

    @Test
    void memoryPerConnectionIsTheLeastSquaresSlope() {
        double[] connections = {500, 1000, 1500, 2000};
        double[] rss = {1_000_000 + 500 * 40_000.0, 1_000_000 + 1000 * 40_000.0, 1_000_000 + 1500 * 40_000.0 + 5000,
                1_000_000 + 2000 * 40_000.0};

        assertThat(GatewayMemory.slope(connections, rss)).isBetween(39_990.0, 40_010.0);
    }
}
