package dev.courier.bench;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** The bare WebSocket echo of {@link Ceilings}: every text message straight back. */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    @OnMessage
    public String echo(String message) {
        return message;
    }
}
