package dev.courier.client;

/** A REST call answered with an error status; {@code body} is the RFC 9457 ProblemDetail JSON (or whatever came). */
public class CourierApiException extends RuntimeException {

    private final int status;
    private final String body;

    public CourierApiException(int status, String body) {
        super("HTTP " + status + ": " + body);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
