package dev.courier.session;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Device sessions and the authorisation of every client command: a command from a closed session or a
 * deactivated account is refused, and a send goes on to message-service only once its recipients are resolved.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SessionServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SessionServiceApplication.class, args);
    }
}
