package dev.courier.gateway.websocket;

import org.junit.jupiter.api.Test;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentCaptor.forClass;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class WholeMessagesTest {

    private final WebSocketHandler handler = mock(WebSocketHandler.class);
    private final WebSocketSession session = mock(WebSocketSession.class);
    private final Map<String, Object> attributes = new HashMap<>();
    private final WholeMessages whole = new WholeMessages(handler, 12);

    WholeMessagesTest() {
        when(session.getAttributes()).thenReturn(attributes);
    }

    @Test
    void askTheContainerForPartsAndPassAWholeMessageThrough() throws Exception {
        assertThat(whole.supportsPartialMessages()).isTrue();
        TextMessage message = new TextMessage("hello", true);

        whole.handleMessage(session, message);

        verify(handler).handleMessage(session, message);
    }

    @Test
    void partsBecomeOneMessage() throws Exception {
        whole.handleMessage(session, new TextMessage("hel", false));
        whole.handleMessage(session, new TextMessage("lo w", false));
        verify(handler, never()).handleMessage(any(), any());

        whole.handleMessage(session, new TextMessage("orld", true));

        var captor = forClass(WebSocketMessage.class);
        verify(handler).handleMessage(any(), captor.capture());
        assertThat(captor.getValue().getPayload()).isEqualTo("hello world");
        assertThat(attributes).isEmpty();
    }

    @Test
    void aMessageOverTheLimitClosesTheSocketWith1009() throws Exception {
        whole.handleMessage(session, new TextMessage("123456", false));
        whole.handleMessage(session, new TextMessage("7890123", false));

        verify(session).close(CloseStatus.TOO_BIG_TO_PROCESS);
        verify(handler, never()).handleMessage(any(), any());
    }

    @Test
    void binaryPartsAreCountedAndHandedOnAsOneMessageOfTheirSize() throws Exception {
        whole.handleMessage(session, new BinaryMessage(ByteBuffer.allocate(4), false));
        whole.handleMessage(session, new BinaryMessage(ByteBuffer.allocate(3), true));

        var captor = forClass(WebSocketMessage.class);
        verify(handler).handleMessage(any(), captor.capture());
        assertThat(captor.getValue()).isInstanceOf(BinaryMessage.class);
        assertThat(captor.getValue().getPayloadLength()).isEqualTo(7);
    }
}
