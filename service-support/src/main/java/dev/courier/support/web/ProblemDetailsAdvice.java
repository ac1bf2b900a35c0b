package dev.courier.support.web;

import dev.courier.support.kafka.DependencyUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where errors become RFC 9457 ProblemDetail JSON. Spring MVC's own exceptions (bad JSON, failed
 * {@code @Valid} and method validation, {@code ResponseStatusException}) are handled by the base class; the rest never leak a stack
 * trace to the client.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    /**
     * Tomcat's "Character decoding failed" when a query parameter is not valid percent-encoded UTF-8 (e.g.
     * {@code %C0%AF}): the client's fault, not a 500. Matched by name so this class does not need Tomcat.
     */
    private static final String TOMCAT_INVALID_PARAMETER = "org.apache.tomcat.util.http.InvalidParameterException";

    /** A body cut off by {@link RequestBodyLimit} while it was read: 413, not "malformed JSON". */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
            }
        }
        return super.handleHttpMessageNotReadable(e, headers, status, request);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail illegalArgument(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** A service this request needs did not answer (see {@code dev.courier.support.api.InternalCalls}). */
    @ExceptionHandler(DependencyUnavailableException.class)
    ProblemDetail dependencyUnavailable(DependencyUnavailableException e) {
        log.warn("Answered 503: {}", e.getMessage());
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "A service this request needs is not answering; try again");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        if (TOMCAT_INVALID_PARAMETER.equals(e.getClass().getName())) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "A request parameter is not valid percent-encoded UTF-8");
        }
        log.error("Unhandled error", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");
    }
}
