package dev.courier.support.groups;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where {@link GroupDirectory} looks group members up ({@code courier.groups.*}).
 *
 * @param serviceId     the discovery service id of group-service ({@code DiscoveryClient}; locally the
 *                      {@code spring.cloud.discovery.client.simple.instances.<serviceId>[n].uri} list)
 * @param virtualNodes  points per instance on the ring; more points, evener shares (see ADR 004)
 */
@ConfigurationProperties("courier.groups")
@Validated
public record GroupsProperties(
        @NotBlank @DefaultValue("group-service") String serviceId,
        @Min(1) @DefaultValue("1000") int virtualNodes) {
}
