package dev.courier.lastseen;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Online and last seen per user. In the walking skeleton this service only starts and answers health; the presence issue fills it in. */
@SpringBootApplication
public class LastSeenServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(LastSeenServiceApplication.class, args);
    }
}
