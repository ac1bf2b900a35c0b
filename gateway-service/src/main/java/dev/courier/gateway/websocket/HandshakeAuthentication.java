package dev.courier.gateway.websocket;

import dev.courier.support.security.AuthenticatedUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import java.util.Map;
import java.util.Optional;

/**
 * Verifies the access token before the upgrade: from {@code Authorization: Bearer <token>} or, for browsers, the
 * {@code access_token} query parameter. Missing, bad or expired: the upgrade is refused with 401. The user and
 * device of the socket come from the token only, never from what the client sends later.
 */
@Component
class HandshakeAuthentication implements HandshakeInterceptor {

    static final String USER_ATTRIBUTE = "courier.user";
    static final String BACKGROUND_ATTRIBUTE = "courier.background";
    /** Used when a token names no device ({@code did} claim), so such a client still has one consistent device. */
    static final String UNKNOWN_DEVICE = "default";

    private static final Logger log = LoggerFactory.getLogger(HandshakeAuthentication.class);
    private static final String BEARER = "Bearer ";

    private final JwtDecoder jwtDecoder;

    HandshakeAuthentication(JwtDecoder jwtDecoder) {
        this.jwtDecoder = jwtDecoder;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        String queryToken = null;
        String state = null;
        if (request instanceof ServletServerHttpRequest servlet) {
            queryToken = servlet.getServletRequest().getParameter("access_token");
            state = servlet.getServletRequest().getParameter("state");
        }
        Optional<AuthenticatedUser> user = tokenFrom(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION),
                queryToken).flatMap(this::verify);
        if (user.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        attributes.put(USER_ATTRIBUTE, user.get());
        attributes.put(BACKGROUND_ATTRIBUTE, "background".equals(state));
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }

    /** The token of a handshake: the bearer header wins over the query parameter. */
    static Optional<String> tokenFrom(String authorizationHeader, String accessTokenParameter) {
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorizationHeader.substring(BEARER.length()).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        if (accessTokenParameter != null && !accessTokenParameter.isBlank()) {
            return Optional.of(accessTokenParameter.strip());
        }
        return Optional.empty();
    }

    private Optional<AuthenticatedUser> verify(String token) {
        try {
            Jwt jwt = jwtDecoder.decode(token);
            AuthenticatedUser user = AuthenticatedUser.from(jwt);
            if (user.userId() == null || user.userId().isBlank()) {
                log.info("Refused WebSocket upgrade: token without subject");
                return Optional.empty();
            }
            return Optional.of(user.deviceId() == null ? new AuthenticatedUser(user.userId(), UNKNOWN_DEVICE) : user);
        } catch (JwtException e) {
            log.info("Refused WebSocket upgrade: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
