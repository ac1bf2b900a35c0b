package dev.courier.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GatewayMemoryTest {

    @Test
    void theSlopeIsTheLeastSquaresFitOfMemoryOverConnections() {
        double[] connections = {1000, 2000, 3000, 4000};
        double[] rss = {100_000_000 + 12_000 * 1000.0, 100_000_000 + 12_000 * 2000.0 + 500_000,
                100_000_000 + 12_000 * 3000.0 - 500_000, 100_000_000 + 12_000 * 4000.0};
        assertThat(GatewayMemory.slope(connections, rss)).isCloseTo(12_000, within(400.0));
        assertThat(GatewayMemory.slope(new double[] {1, 2, 3}, new double[] {5, 7, 9})).isEqualTo(2.0);
    }

    @Test
    void oneStepHasNoSlope() {
        assertThat(GatewayMemory.slope(new double[] {1000}, new double[] {5e8})).isZero();
        assertThat(GatewayMemory.slope(new double[0], new double[0])).isZero();
    }

    @Test
    void vmRssIsReadFromTheStatusFileInBytes() {
        assertThat(GatewayMemory.vmRssBytes(List.of("Name:\tjava", "VmPeak:\t  999 kB", "VmRSS:\t  123456 kB",
                "Threads:\t40"))).isEqualTo(123456L * 1024);
    }

    @Test
    void gatewaysAreJavaProcessesRunningTheGatewayJar() {
        assertThat(GatewayMemory.isGateway(new String[] {"/usr/lib/jvm/x/bin/java", "-Xmx256m", "-jar",
                "/work/main/gateway-service/target/gateway-service.jar", "--server.port=8080"})).isTrue();
        assertThat(GatewayMemory.isGateway(new String[] {"bash", "-c", "grep gateway-service.jar x"})).isFalse();
        assertThat(GatewayMemory.isGateway(new String[] {"/usr/bin/java", "-jar", "auth-service.jar",
                "--courier.gateway.routes.auth=gateway-service"})).isFalse();
    }

    @Test
    void listeningSocketsAreFoundByPortInProcNetTcp() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4711 1",
                "   1: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4712 1",
                "   2: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 4713 1");
        assertThat(GatewayMemory.listeningInodes(table, java.util.Set.of(8080))).containsExactly("4711");
    }

    @Test
    void thisProcessesOwnMemoryIsReadable() {
        assertThat(GatewayMemory.rssBytes(List.of(ProcessHandle.current().pid()))).isPositive();
    }
}
