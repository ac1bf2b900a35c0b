package dev.courier.support.web;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailsAdviceTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

    @Test
    void aParameterThatIsNotValidUtf8IsTheClientsFault() {
        var problem = advice.unexpected(new InvalidParameterException("Character decoding failed"));
        assertThat(problem.getStatus()).isEqualTo(400);
    }

    @Test
    void anythingElseUnexpectedIsAnInternalErrorWithoutDetails() {
        var problem = advice.unexpected(new IllegalStateException("secret internals"));
        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getDetail()).isEqualTo("Internal error");
    }
}
