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
        registry.addHandler(new WholeMessages(handler, properties.maxFrameSize()), "/ws")
                .addInterceptors(drain, authentication, connectionRateLimit)
                .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
    }

    /**
     * Tomcat allocates its text and binary message buffers for every socket up front (about 3 bytes of heap per
     * byte of buffer). They are kept small, and {@link WholeMessages} puts larger messages together from parts up to
     * the protocol's limit: an idle connection then costs a few KiB of buffers instead of about 192 KiB
     * (see {@link SocketBuffers} for Tomcat's other per-connection buffers).
     */
    @Bean
    static ServletServerContainerFactoryBean webSocketContainer(GatewayProperties properties) {
        var container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(Math.min(CONTAINER_BUFFER_SIZE, properties.maxFrameSize()));
        container.setMaxBinaryMessageBufferSize(Math.min(CONTAINER_BUFFER_SIZE, properties.maxFrameSize()));
        return container;
    }

    /** Most client frames (a send, a receipt, a ping) fit in it whole. */
    static final int CONTAINER_BUFFER_SIZE = SocketBuffers.SIZE;
}
