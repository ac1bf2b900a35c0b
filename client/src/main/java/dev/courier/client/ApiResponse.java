package dev.courier.client;

import java.util.Optional;

/** A raw REST answer, for callers that want to look at error statuses and headers themselves. */
public record ApiResponse(int status, String body, java.net.http.HttpHeaders headers) {

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }
}
