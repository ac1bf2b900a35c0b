package dev.courier.support.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import java.io.IOException;
import java.io.InputStream;

/**
 * With {@code courier.process.exit-with-parent=true} (the local stack and the system tests set it) the service
 * shuts down when the process that launched it dies: the launcher holds the write end of this process's standard
 * input, so end-of-input means the launcher is gone, even if it was killed without a chance to stop its children.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty("courier.process.exit-with-parent")
public class ExitWithParentAutoConfiguration {

    @Bean
    SmartLifecycle exitWithParent(ConfigurableApplicationContext context) {
        return new ParentWatch(context);
    }

    static final class ParentWatch implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(ParentWatch.class);
        private final ConfigurableApplicationContext context;
        private volatile boolean running;

        ParentWatch(ConfigurableApplicationContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            running = true;
            Thread.ofPlatform().daemon().name("exit-with-parent").start(this::watch);
        }

        private void watch() {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // Whatever the launcher writes is ignored; only the end of input matters.
                }
            } catch (IOException e) {
                log.debug("Standard input failed", e);
            }
            if (running) {
                log.warn("The launching process is gone: shutting down");
                context.close();
                System.exit(0);
            }
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
