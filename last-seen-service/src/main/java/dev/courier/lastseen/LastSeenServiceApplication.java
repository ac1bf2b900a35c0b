package dev.courier.lastseen;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Online and last seen per user: hot presence state in memory on the instance that owns the user's partition of
 * {@code courier.sessions} and {@code courier.commands}, last seen written to the database coalesced, privacy
 * settings, and {@code presence} frames pushed to subscribers on {@code courier.deliveries}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LastSeenServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(LastSeenServiceApplication.class, args);
    }
}
