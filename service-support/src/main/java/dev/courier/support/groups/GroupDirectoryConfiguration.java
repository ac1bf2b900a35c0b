package dev.courier.support.groups;

import dev.courier.support.api.GroupMembersApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The {@link GroupDirectory}, for a service that looks group members up (session-service, message-service): it
 * imports this configuration where it calls the directory. It needs spring-cloud-commons (discovery),
 * commons-codec (Murmur3) and Micrometer.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GroupsProperties.class)
@ImportHttpServices(group = GroupMembersApi.SERVICE, types = GroupMembersApi.class)
public class GroupDirectoryConfiguration {

    @Bean
    GroupDirectory groupDirectory(GroupMembersApi api, DiscoveryClient discovery, GroupsProperties properties,
                                  MeterRegistry meters) {
        return new GroupDirectory(api, discovery, properties, meters);
    }
}
