package dev.courier.parser;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The wire format, and nothing else: parses client frames into typed commands, and writes typed frames back as
 * wire text for the gateway that holds the target socket. Stateless: any number of instances share the work.
 */
@SpringBootApplication
public class ParserServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ParserServiceApplication.class, args);
    }
}
