package dev.courier.support.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Carries each message's trace through Kafka (see {@link KafkaTracing}): the service's {@code KafkaTemplate}s put
 * the current trace in the records they send, record listeners handle each record in its trace. Boot's Micrometer
 * Tracing (OpenTelemetry) makes the spans; {@code CourierDefaultsEnvironmentPostProcessor} sets sampling, W3C
 * propagation and the log pattern.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"})
@ConditionalOnClass({KafkaOperations.class, Tracer.class})
public class CourierTracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KafkaTracing courierKafkaTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
                                     Environment environment) {
        // Boot's sampler is parent-based with this probability for new traces (0.1 unless set).
        float probability = environment.getProperty("management.tracing.sampling.probability", Float.class, 0.1f);
        return new KafkaTracing(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP), probability > 0);
    }

    @Bean
    static BeanPostProcessor courierKafkaTemplateTracing(ObjectProvider<KafkaTracing> tracing) {
        return new BeanPostProcessor() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof KafkaTemplate template) {
                    template.setProducerInterceptor(tracing.getObject());
                }
                return bean;
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean({RecordInterceptor.class, BatchInterceptor.class})
    TracingRecordInterceptor courierTracingRecordInterceptor(KafkaTracing tracing) {
        return new TracingRecordInterceptor(tracing);
    }
}
