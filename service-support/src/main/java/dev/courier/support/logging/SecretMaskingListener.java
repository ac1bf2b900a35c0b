package dev.courier.support.logging;

import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Installs {@link SecretMasking} on Logback's appenders right after Spring Boot has configured logging, and again
 * once the context is prepared (in case logging was configured anew). Nothing to do where Logback is not the
 * logging backend.
 */
public class SecretMaskingListener implements ApplicationListener<SpringApplicationEvent>, Ordered {

    private static final boolean LOGBACK = ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext",
            SecretMaskingListener.class.getClassLoader());

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (LOGBACK && (event instanceof ApplicationEnvironmentPreparedEvent || event instanceof ApplicationPreparedEvent)
                && LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            SecretMasking.install(context);
        }
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }
}
