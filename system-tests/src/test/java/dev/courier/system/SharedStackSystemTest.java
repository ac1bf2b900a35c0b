package dev.courier.system;

import dev.courier.client.CourierClient;
import dev.courier.stack.CourierStack;
import org.junit.jupiter.api.BeforeAll;

/**
 * A system test class on the {@linkplain SystemStack#shared() shared stack}, with a client for each of its two
 * gateways: most journeys put one user on each, so a message crosses from one gateway to the other.
 */
abstract class SharedStackSystemTest {

    static CourierStack stack;
    static CourierClient gateway1;
    static CourierClient gateway2;

    /** Runs before each subclass's tests: the stack starts on the first class that needs it. */
    @BeforeAll
    static void startSharedStack() {
        stack = SystemStack.shared();
        gateway1 = new CourierClient(stack.gatewayUrl(1));
        gateway2 = new CourierClient(stack.gatewayUrl(2));
    }
}
