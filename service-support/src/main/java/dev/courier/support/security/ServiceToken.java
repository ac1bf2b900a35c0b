package dev.courier.support.security;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The secret that services show each other on {@code /internal/**} calls ({@code courier.security.service-token},
 * the same in every service of a deployment). Servers refuse an {@code /internal/**} request without it (401, see
 * {@link CourierSecurityAutoConfiguration}); as a client interceptor it adds the {@value #HEADER} header to every
 * request whose path starts with {@code /internal/}, and to nothing else, so it may sit on any REST client. Every
 * Boot-built {@code RestClient}, the internal calls' HTTP service clients included ({@code dev.courier.support.api}),
 * gets it by itself ({@link ServiceTokenAutoConfiguration}). Without a configured token it adds nothing and matches
 * nothing.
 */
public final class ServiceToken implements ClientHttpRequestInterceptor {

    public static final String HEADER = "X-Courier-Service-Token";
    private static final String INTERNAL = "/internal/";

    private final String token;

    public ServiceToken(String token) {
        this.token = token == null || token.isBlank() ? null : token;
    }

    /** Whether a request presenting {@code presented} is another service of this deployment (constant time). */
    public boolean matches(String presented) {
        return token != null && presented != null && MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    public boolean configured() {
        return token != null;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String path = request.getURI().getRawPath();
        if (token != null && path != null && path.startsWith(INTERNAL)) {
            request.getHeaders().set(HEADER, token);
        }
        return execution.execute(request, body);
    }

    @Override
    public String toString() {
        return "ServiceToken[" + (token == null ? "none" : "configured") + "]";
    }
}
