package dev.courier.testkit;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.List;

/**
 * Every Spring test context closes before the test kit's broker and database stop at JVM exit (a context that never
 * used them just closes a little earlier). Without it the JVM's shutdown hooks race: when the broker goes first, the
 * context's Kafka clients wait out their 30-second close timeout, and Surefire kills the fork after 30 seconds.
 */
final class ContextsCloseBeforeInfrastructure implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new CloseBeforeStopping();
    }

    /** Equal to every other instance and given to every test class, so it never splits Spring's context cache. */
    private record CloseBeforeStopping() implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestInfrastructure.closeBeforeStopping(context);
        }
    }
}
