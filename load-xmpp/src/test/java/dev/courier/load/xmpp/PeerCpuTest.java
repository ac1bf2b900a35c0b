package dev.courier.load.xmpp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PeerCpuTest {

    @Test
    void sumsUserSystemAndChildTimesOfAStatLine() {
        String stat = "4242 (beam.smp (x) y) S 1 4242 4242 0 -1 4194560 12345 0 0 0 700 300 20 10 20 0 30 0 "
                + "123456 1000000 2000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";

        assertThat(PeerCpu.ticks(stat)).isEqualTo(700 + 300 + 20 + 10);
    }

    @Test
    void readsThisProcess() {
        long self = ProcessHandle.current().pid();

        assertThat(PeerCpu.ticks(List.of(self))).isPositive();
        assertThat(PeerCpu.ticks(List.of(Long.MAX_VALUE))).isZero();
    }
}
