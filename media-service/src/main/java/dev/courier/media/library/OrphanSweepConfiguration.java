package dev.courier.media.library;

import dev.courier.media.MediaProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Runs the orphan sweep every {@code orphan-sweep-interval} (after the previous one ended). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class OrphanSweepConfiguration implements SchedulingConfigurer {

    private final OrphanSweeper sweeper;
    private final MediaProperties properties;

    OrphanSweepConfiguration(OrphanSweeper sweeper, MediaProperties properties) {
        this.sweeper = sweeper;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(sweeper::sweep, properties.orphanSweepInterval());
    }
}
