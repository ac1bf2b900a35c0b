package dev.courier.gateway.websocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HandshakeAuthenticationTest {

    @Test
    void takesTheBearerHeader() {
        assertThat(HandshakeAuthentication.tokenFrom("Bearer abc.def.ghi", null)).contains("abc.def.ghi");
        assertThat(HandshakeAuthentication.tokenFrom("bearer abc", null)).contains("abc");
    }

    @Test
    void theHeaderWinsOverTheQueryParameter() {
        assertThat(HandshakeAuthentication.tokenFrom("Bearer header", "query")).contains("header");
    }

    @Test
    void fallsBackToTheQueryParameterForBrowsers() {
        assertThat(HandshakeAuthentication.tokenFrom(null, "abc.def.ghi")).contains("abc.def.ghi");
        assertThat(HandshakeAuthentication.tokenFrom("Basic dXNlcjpwYXNz", "abc")).contains("abc");
    }

    @Test
    void noTokenAtAll() {
        assertThat(HandshakeAuthentication.tokenFrom(null, null)).isEmpty();
        assertThat(HandshakeAuthentication.tokenFrom("Bearer ", "")).isEmpty();
        assertThat(HandshakeAuthentication.tokenFrom("Basic dXNlcjpwYXNz", null)).isEmpty();
    }
}
