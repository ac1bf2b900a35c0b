package dev.courier.gateway.websocket;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The per-connection buffers that Tomcat keeps for as long as a socket is open, kept small because a gateway holds
 * tens of thousands of mostly idle sockets.
 * <p>
 * Tomcat sizes them for throughput, not density: 8 KiB read and 8 KiB write buffers per connection in the NIO
 * endpoint, and 8 KiB each for the WebSocket frame input, frame output and UTF-8 encoder buffers (all heap). That is
 * 40 KiB of buffers per idle socket before anything of ours (measured: about 59 KiB of live heap per idle socket,
 * 46 KiB of it byte arrays). Chat frames are a few hundred bytes; a larger frame (up to the protocol's 64 KiB)
 * passes through the small buffers in several turns.
 * <p>
 * The WebSocket buffers are a JVM-wide system property of Tomcat's that it reads once, when its WebSocket classes
 * load; {@link #applyDefaults()} sets it before Spring starts, unless the operator set it on the command line.
 */
@Configuration(proxyBeanMethods = false)
class SocketBuffers {

    /**
     * Bytes of each per-connection buffer (Tomcat's default: 8192). Larger reads and writes (an upload, an image)
     * bypass the NIO buffers: Tomcat copies through them only what is smaller than they are.
     */
    static final int SIZE = 1024;

    static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    // Also for a gateway started inside a test's JVM rather than through main(): Spring creates this configuration
    // before the web server, and so before Tomcat's WebSocket classes read the property.
    static {
        applyDefaults();
    }

    /** Tomcat's WebSocket buffers to {@link #SIZE} unless {@code -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE} is given. */
    static void applyDefaults() {
        if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
            System.setProperty(WEBSOCKET_BUFFER_PROPERTY, Integer.toString(SIZE));
        }
    }

    /** The NIO endpoint's read and write buffer of every connection (REST and WebSocket alike). */
    @Bean
    TomcatConnectorCustomizer smallSocketBuffers() {
        return connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(SIZE));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(SIZE));
        };
    }
}
