package dev.courier.testkit;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Every service started in a test that has the test kit on its class path shares {@value #VALUE} as its service
 * token ({@code courier.security.service-token}, lowest precedence, so a test may set another): a test calls the
 * service's {@code /internal/**} endpoints with the header {@value #HEADER}.
 */
public class TestServiceToken implements EnvironmentPostProcessor {

    /** service-support's {@code ServiceToken.HEADER}. */
    public static final String HEADER = "X-Courier-Service-Token";
    public static final String VALUE = "courier-test-service-token";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("courierTestServiceToken",
                Map.of("courier.security.service-token", VALUE)));
    }
}
