package dev.courier.support.api;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * Every HTTP service group a service imports ({@code @ImportHttpServices} of this package's interfaces) answers and
 * fails as {@link InternalCalls} says. The rest is Boot's: the base URL and timeouts from
 * {@code spring.http.serviceclient.<service>.*} (timeouts default to 2 s, see
 * {@code CourierDefaultsEnvironmentPostProcessor}), the service token and tracing from the {@code RestClientCustomizer}s.
 */
@AutoConfiguration
@ConditionalOnClass({RestClient.class, HttpServiceProxyFactory.class})
public class InternalApiAutoConfiguration {

    @Bean
    RestClientHttpServiceGroupConfigurer courierInternalCalls() {
        return groups -> groups.forEachProxyFactory((group, factory) ->
                factory.exchangeAdapterDecorator(adapter -> new InternalCalls(group.name(), adapter)));
    }
}
