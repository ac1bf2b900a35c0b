package dev.courier.gateway.websocket;

import dev.courier.gateway.GatewayProperties;
import dev.courier.support.security.AuthenticatedUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import java.util.Map;

/**
 * Refuses a WebSocket upgrade with 429 (and {@code Retry-After}) when the user opened more connections to this
 * gateway than {@code courier.gateway.rate-limits.user-connections-per-minute} allows. Runs after
 * {@link HandshakeAuthentication}, so the user is the token's.
 */
@Component
class ConnectionRateLimit implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ConnectionRateLimit.class);

    private final RateLimiter limiter;
    private final String retryAfterSeconds;

    ConnectionRateLimit(RateLimiter limiter, GatewayProperties properties) {
        this.limiter = limiter;
        this.retryAfterSeconds = Long.toString(
                Math.max(1, (long) Math.ceil(60.0 / properties.rateLimits().userConnectionsPerMinute())));
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (!(attributes.get(HandshakeAuthentication.USER_ATTRIBUTE) instanceof AuthenticatedUser user)) {
            return true;
        }
        if (limiter.admitConnection(user.userId()).isEmpty()) {
            return true;
        }
        log.info("Refused WebSocket upgrade of user {}: too many new connections", user.userId());
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
