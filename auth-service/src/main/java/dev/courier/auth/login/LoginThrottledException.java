package dev.courier.auth.login;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;

/** 429 with {@code Retry-After} (whole seconds, rounded up), rendered as a ProblemDetail by the shared advice. */
class LoginThrottledException extends ErrorResponseException {

    LoginThrottledException(Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS);
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        setDetail("Too many failed logins; retry in " + seconds + " s");
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
}
