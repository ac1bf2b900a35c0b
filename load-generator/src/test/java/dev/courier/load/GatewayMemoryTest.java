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
    void gatewaysAreJavaProcessesRunningTheGatewayJar() {
        assertThat(GatewayMemory.isGateway(List.of("/usr/lib/jvm/x/bin/java", "-Xmx256m", "-jar",
                "/work/main/gateway-service/target/gateway-service.jar", "--server.port=8080"))).isTrue();
        assertThat(GatewayMemory.isGateway(List.of("bash", "-c", "grep gateway-service.jar x"))).isFalse();
        assertThat(GatewayMemory.isGateway(List.of("/usr/bin/java", "-jar", "auth-service.jar",
                "--courier.gateway.routes.auth=gateway-service"))).isFalse();
    }

    @Test
    void thisProcessesOwnMemoryIsReadable() {
        assertThat(GatewayMemory.rssBytes(List.of(ProcessHandle.current().pid()))).isPositive();
    }
}
