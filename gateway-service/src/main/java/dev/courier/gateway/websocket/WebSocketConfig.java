package dev.courier.gateway.websocket;

import dev.courier.gateway.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * {@code /ws} on the servlet container, behind token authentication (refused with 503 while the gateway drains, 401
 * without a valid token, 429 over the user's connection rate), with the protocol's frame size limit.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

    private final GatewaySocketHandler handler;
    private final HandshakeAuthentication authentication;
    private final SocketDrain drain;
    private final ConnectionRateLimit connectionRateLimit;
    private final GatewayProperties properties;

    WebSocketConfig(GatewaySocketHandler handler, HandshakeAuthentication authentication, SocketDrain drain,
                    ConnectionRateLimit connectionRateLimit, GatewayProperties properties) {
        this.handler = handler;
        this.authentication = authentication;
        this.drain = drain;
        this.connectionRateLimit = connectionRateLimit;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws")
                .addInterceptors(drain, authentication, connectionRateLimit)
                .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
    }

    /**
     * Tomcat closes a socket with 1009 when a message outgrows its buffer. Binary frames get the same limit, so a
     * binary frame up to it is answered with {@code bad_frame} rather than closing the connection. Tomcat allocates
     * both buffers per socket (about 3 bytes per byte of limit).
     */
    @Bean
    static ServletServerContainerFactoryBean webSocketContainer(GatewayProperties properties) {
        var container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(properties.maxFrameSize());
        container.setMaxBinaryMessageBufferSize(properties.maxFrameSize());
        return container;
    }
}
