package dev.courier.gateway;

import dev.courier.testkit.architecture.ServiceArchitectureTest;

/** The architecture every Courier service keeps (STYLE.md), checked on this one's main classes. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super(GatewayServiceApplication.class);
    }
}
