package dev.courier.gateway.edge;

import dev.courier.gateway.GatewayProperties;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;
import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.UriBuilderFactory;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One OpenAPI document for the whole REST edge at {@code /v3/api-docs}, Swagger UI at {@code /api/docs}: the
 * documents of the services behind {@code /api/**} (each serves its own {@code /v3/api-docs}), merged. Their paths
 * are disjoint, as the routes are. Read again on every request ({@code springdoc.cache.disabled}): a service that
 * starts later appears; one that does not answer is left out, and logged.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = "service-docs", types = ApiDocs.ServiceDocs.class)
class ApiDocs {

    private static final Logger log = LoggerFactory.getLogger(ApiDocs.class);

    /** A service's own OpenAPI document. */
    interface ServiceDocs {

        @GetExchange("/v3/api-docs")
        String document(UriBuilderFactory service);
    }

    @Bean
    OpenApiCustomizer mergedServiceDocs(GatewayProperties properties, ServiceDocs docs) {
        GatewayProperties.Routes routes = properties.routes();
        List<URI> services = List.of(routes.auth(), routes.group(), routes.message(), routes.lastSeen(),
                routes.media());
        return merged -> {
            Map<String, PathItem> paths = new TreeMap<>();
            Map<String, Schema> schemas = new TreeMap<>();
            for (URI service : services) {
                try {
                    OpenAPI doc = Json.mapper().readValue(docs.document(new DefaultUriBuilderFactory(
                            service.toString())), OpenAPI.class);
                    paths.putAll(doc.getPaths() == null ? Map.of() : doc.getPaths());
                    if (doc.getComponents() != null && doc.getComponents().getSchemas() != null) {
                        doc.getComponents().getSchemas().forEach(schemas::putIfAbsent);
                    }
                } catch (Exception e) {
                    log.warn("The OpenAPI document of {} is left out: {}", service, e.toString());
                }
            }
            Paths all = new Paths();
            all.putAll(paths);
            merged.info(new Info().title("Courier REST API").version("v1")
                            .description("Every /api/** call of PROTOCOL.md, as the services behind the gateway "
                                    + "document them."))
                    .paths(all)
                    .components(new Components().schemas(schemas));
        };
    }
}
