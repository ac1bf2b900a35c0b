package dev.courier.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * Registers {@link ProblemDetailsAdvice}, {@link StrictJson} and the {@link RequestBodyLimit} (first of all
 * filters, so an oversized body is refused before anything reads it) in every servlet web service. Before Boot's
 * MVC auto-configuration, whose own ProblemDetail handler then backs off: one advice answers every error.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(CourierWebProperties.class)
@Import({ProblemDetailsAdvice.class, StrictJson.class})
public class CourierWebAutoConfiguration {

    @Bean
    FilterRegistrationBean<RequestBodyLimit> courierRequestBodyLimit(CourierWebProperties properties) {
        var registration = new FilterRegistrationBean<>(
                new RequestBodyLimit(properties.maxBodySize(), properties.maxMultipartSize()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
