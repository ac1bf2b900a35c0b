package dev.courier.media.library;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * An upload over the servlet container's multipart limit (a little above {@code max-size}) never reaches the
 * controller: it is the same 413 ProblemDetail, counted and logged like the other refusals.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class OversizedUploadAdvice {

    private static final Logger log = LoggerFactory.getLogger(OversizedUploadAdvice.class);

    private final MeterRegistry meters;

    OversizedUploadAdvice(MeterRegistry meters) {
        this.meters = meters;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        log.info("Upload refused (413) by the multipart limit: {}", e.getMessage());
        meters.counter("courier.media.uploads", "outcome", "too_large").increment();
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "The file is larger than accepted");
    }
}
