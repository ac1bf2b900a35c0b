package dev.courier.support.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskingTest {

    static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLWJ5dGVz";

    @Test
    void everyKindOfCredentialIsHidden() {
        assertThat(SecretMasking.mask("GET /ws?access_token=" + JWT + "&state=background"))
                .isEqualTo("GET /ws?access_token=[hidden]&state=background");
        assertThat(SecretMasking.mask("uri=/ws?access_token=opaque-not-a-jwt x")).isEqualTo("uri=/ws?access_token=[hidden] x");
        assertThat(SecretMasking.mask("Authorization: Bearer abcdefghijklmnop")).isEqualTo("Authorization: Bearer [hidden]");
        assertThat(SecretMasking.mask("token " + JWT + " seen")).isEqualTo("token [hidden] seen");
        assertThat(SecretMasking.mask("{\"refreshToken\":\"AbC-123_x\",\"password\":\"s3cr\\\"et\"}"))
                .isEqualTo("{\"refreshToken\":\"[hidden]\",\"password\":\"[hidden]\"}");
        assertThat(SecretMasking.mask("nothing to see")).isEqualTo("nothing to see");
    }

    @Test
    void aLogLineAndItsStackTraceGoOutWithoutTheToken() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        var out = new ByteArrayOutputStream();
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%m%n%ex");
        encoder.start();
        var appender = new OutputStreamAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("test");
        logger.addAppender(appender);

        SecretMasking.install(context);
        SecretMasking.install(context); // idempotent: wrapped once
        logger.error("Failed on ws://localhost/ws?access_token={}", JWT,
                new IllegalStateException("URI /ws?access_token=" + JWT));

        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(written).contains("access_token=[hidden]", "IllegalStateException").doesNotContain(JWT, "eyJ");
    }
}
