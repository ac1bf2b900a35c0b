package dev.courier.gateway.websocket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/** Counters an operator graphs: frames in and out, and closes by code (1009 too big, 4401 revoked, ...). */
@Component
class SocketMeters {

    private final MeterRegistry registry;
    final Counter framesIn;
    final Counter framesOut;

    SocketMeters(MeterRegistry registry) {
        this.registry = registry;
        this.framesIn = Counter.builder("courier.gateway.frames.in").description("Frames read from client sockets")
                .register(registry);
        this.framesOut = Counter.builder("courier.gateway.frames.out").description("Frames written to client sockets")
                .register(registry);
    }

    void closed(CloseStatus status) {
        Counter.builder("courier.gateway.closes").description("Client sockets closed, by close code")
                .tag("code", Integer.toString(status.getCode()))
                .register(registry)
                .increment();
    }
}
