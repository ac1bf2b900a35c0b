package dev.courier.group;

import dev.courier.testkit.architecture.ServiceArchitectureTest;

/** The architecture every Courier service keeps (STYLE.md), checked on this one's main classes. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super(GroupServiceApplication.class);
    }
}
