package dev.courier.gateway.edge;

import dev.courier.gateway.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.URI;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.DELETE;
import static org.springframework.web.servlet.function.RequestPredicates.GET;
import static org.springframework.web.servlet.function.RequestPredicates.PATCH;
import static org.springframework.web.servlet.function.RequestPredicates.path;

/**
 * The REST edge ({@code /api/me}: GET, PATCH and DELETE to auth-service; {@code /api/me/privacy}, GET and PUT, and
 * {@code /api/me/blocked[/{userId}]}, {@code /api/me/push} and {@code /api/push/**} to last-seen-service):
 * {@code /api/**} goes unchanged (path, headers including {@code Authorization}, body) to the service
 * that owns it, and its answer, errors included, comes back as it is. The gateway checks no token here; each
 * service verifies its callers.
 */
@Configuration(proxyBeanMethods = false)
class EdgeRoutes {

    @Bean
    RouterFunction<ServerResponse> apiRoutes(GatewayProperties properties) {
        GatewayProperties.Routes routes = properties.routes();
        return proxy("auth", routes.auth(), path("/api/auth/**").or(path("/api/users/**")).or(DELETE("/api/me"))
                        .or(GET("/api/me")).or(PATCH("/api/me")))
                .and(proxy("group", routes.group(), path("/api/groups/**")))
                .and(proxy("message", routes.message(), path("/api/conversations/**")
                        .or(path("/api/admin/messages/**"))))
                .and(proxy("last-seen", routes.lastSeen(), path("/api/presence/**").or(path("/api/me/privacy"))
                        .or(path("/api/me/blocked/**")).or(path("/api/me/push")).or(path("/api/push/**"))))
                .and(proxy("media", routes.media(), path("/api/media/**")));
    }

    private static RouterFunction<ServerResponse> proxy(String service, URI target, RequestPredicate paths) {
        return route(service).route(paths, http()).before(uri(target)).build();
    }
}
