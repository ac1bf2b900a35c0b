package dev.courier.message;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Durable messages: per-conversation {@code seq}, per-recipient delivery state, the retry timer, time to live and
 * history. Reads {@code courier.messages} and {@code courier.sessions}, writes {@code courier.deliveries}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MessageServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(MessageServiceApplication.class, args);
    }
}
