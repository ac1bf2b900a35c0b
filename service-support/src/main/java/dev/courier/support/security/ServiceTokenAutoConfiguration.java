package dev.courier.support.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/** The {@link ServiceToken} of this deployment, and on every Boot-built {@code RestClient}. */
@AutoConfiguration(beforeName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass(ClientHttpRequestInterceptor.class)
@EnableConfigurationProperties(CourierSecurityProperties.class)
public class ServiceTokenAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ServiceToken courierServiceToken(CourierSecurityProperties properties) {
        return new ServiceToken(properties.serviceToken());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientCustomizer.class)
    static class OnRestClients {

        @Bean
        RestClientCustomizer courierServiceTokenOnRestClients(ServiceToken serviceToken) {
            return builder -> builder.requestInterceptor(serviceToken);
        }
    }
}
