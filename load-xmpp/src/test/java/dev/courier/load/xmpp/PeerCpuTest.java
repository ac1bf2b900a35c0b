package dev.courier.load.xmpp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PeerCpuTest {

    @Test
    void readsThisProcess() {
        long self = ProcessHandle.current().pid();

        assertThat(PeerCpu.ticks(List.of(self))).isPositive();
        assertThat(PeerCpu.ticks(List.of(Long.MAX_VALUE))).isZero();
    }
}
