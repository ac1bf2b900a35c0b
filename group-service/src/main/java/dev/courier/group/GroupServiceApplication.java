package dev.courier.group;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Groups, members and roles. Membership changes go to {@code courier.groups} through an outbox; session-service
 * reads members through {@code /internal/groups/{groupId}/members}, served from a per-instance cache.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GroupServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(GroupServiceApplication.class, args);
    }
}
