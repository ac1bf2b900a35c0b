package dev.courier.support.groups;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Where {@link GroupDirectory} looks group members up ({@code courier.groups.*}).
 *
 * @param serviceId     the discovery service id of group-service ({@code DiscoveryClient}; locally the
 *                      {@code spring.cloud.discovery.client.simple.instances.<serviceId>[n].uri} list)
 * @param virtualNodes  points per instance on the ring; more points, evener shares (see ADR 004)
 * @param lookupTimeout connect and read timeout of one instance's answer; then the next instance is asked
 */
@ConfigurationProperties("courier.groups")
@Validated
public record GroupsProperties(
        @NotBlank @DefaultValue("group-service") String serviceId,
        @Min(1) @DefaultValue("1000") int virtualNodes,
        @NotNull @DefaultValue("2s") Duration lookupTimeout) {
}
