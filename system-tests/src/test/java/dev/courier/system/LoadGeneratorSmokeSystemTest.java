package dev.courier.system;

import dev.courier.load.LoadGeneratorMain;
import dev.courier.stack.CourierStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few seconds of the load generator against the shared stack, so the benchmark tool cannot rot: it registers
 * users, connects them across both gateways and reports every message as arrived. How fast is not asserted here:
 * the README's numbers come from full runs on a quiet machine.
 */
@Order(8)
class LoadGeneratorSmokeSystemTest {

    @Test
    void theDirectAndGroupWorkloadsDeliverEveryMessage() throws Exception {
        CourierStack stack = SystemStack.shared();
        String gateway1 = stack.gatewayUrl(1).toString();
        String gateway2 = stack.gatewayUrl(2).toString();

        assertThat(LoadGeneratorMain.run("--workload", "direct", "--url", gateway1, "--url", gateway2,
                "--pairs", "3", "--messages", "60", "--rate", "20")).as("every direct message arrived").isTrue();
        assertThat(LoadGeneratorMain.run("--workload", "group", "--url", gateway1, "--url", gateway2,
                "--group-size", "4", "--messages", "10", "--rate", "5")).as("every group delivery arrived").isTrue();
    }
}
