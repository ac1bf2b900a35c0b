package dev.courier.support.groups;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.codec.digest.MurmurHash3;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;
import dev.courier.support.security.ServiceToken;
import org.springframework.web.client.RestClient;

/**
 * A {@link GroupDirectory} wherever spring-cloud-commons (discovery), the REST client, commons-codec (Murmur3) and
 * Micrometer are on the class path: session-service and message-service.
 */
@AutoConfiguration
@ConditionalOnClass({DiscoveryClient.class, RestClient.class, MurmurHash3.class, MeterRegistry.class})
@EnableConfigurationProperties(GroupsProperties.class)
public class GroupDirectoryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    GroupDirectory groupDirectory(ObjectProvider<RestClient.Builder> builder, DiscoveryClient discovery,
                                  GroupsProperties properties, ObjectProvider<MeterRegistry> meters,
                                  ObjectProvider<ServiceToken> serviceToken) {
        RestClient.Builder http = builder.getIfAvailable(RestClient::builder);
        serviceToken.ifAvailable(http::requestInterceptor);
        return new GroupDirectory(http, discovery, properties,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
