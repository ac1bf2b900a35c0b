package dev.courier.support.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.AppenderAttachable;

import java.nio.charset.Charset;
import java.util.Iterator;
import java.util.regex.Pattern;

/**
 * The second line of defence against credentials in logs: whatever a log line holds (message, exception, MDC, any
 * pattern), a JWT, an {@code access_token=} or {@code refresh_token=} query value, a {@code Bearer} credential and
 * the {@code accessToken} / {@code refreshToken} / {@code password} values of a JSON body are written as
 * {@value #HIDDEN}. Works by wrapping the encoder of every Logback appender, so it needs no change to any pattern.
 * The first line of defence is not logging them at all.
 */
public final class SecretMasking {

    static final String HIDDEN = "[hidden]";

    /** Each alternative keeps its prefix (group 1, 2 or 3) and hides the rest. */
    private static final Pattern SECRETS = Pattern.compile(
            "eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"
                    + "|((?:access_token|refresh_token)(?:=|%3[Dd]))[^&\\s\"'#<>]+"
                    + "|([Bb]earer\\s+)[A-Za-z0-9._~+/=-]{8,}"
                    + "|(\"(?:accessToken|refreshToken|password)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*");

    private SecretMasking() {
    }

    /** The text with every secret hidden. */
    public static String mask(String text) {
        if (!mightHoldSecret(text)) {
            return text;
        }
        var matcher = SECRETS.matcher(text);
        StringBuilder masked = new StringBuilder(text.length());
        while (matcher.find()) {
            String prefix = matcher.group(1) != null ? matcher.group(1)
                    : matcher.group(2) != null ? matcher.group(2)
                    : matcher.group(3) != null ? matcher.group(3) : "";
            matcher.appendReplacement(masked, java.util.regex.Matcher.quoteReplacement(prefix + HIDDEN));
        }
        matcher.appendTail(masked);
        return masked.toString();
    }

    private static boolean mightHoldSecret(String text) {
        return text.contains("eyJ") || text.contains("_token") || text.contains("earer")
                || text.contains("Token\"") || text.contains("password\"");
    }

    /** Wraps the encoder of every appender of the context (once; appenders added later are not seen). */
    public static void install(LoggerContext context) {
        for (Logger logger : context.getLoggerList()) {
            wrap(logger);
        }
    }

    private static void wrap(AppenderAttachable<ILoggingEvent> attachable) {
        for (Iterator<Appender<ILoggingEvent>> it = attachable.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof OutputStreamAppender<ILoggingEvent> output
                    && output.getEncoder() != null && !(output.getEncoder() instanceof MaskingEncoder)) {
                output.setEncoder(new MaskingEncoder(output.getEncoder()));
            }
            if (appender instanceof AppenderAttachable<?> nested) {
                @SuppressWarnings("unchecked")
                var events = (AppenderAttachable<ILoggingEvent>) nested;
                wrap(events);
            }
        }
    }

    static final class MaskingEncoder extends EncoderBase<ILoggingEvent> {

        private final Encoder<ILoggingEvent> delegate;
        private final Charset charset;

        MaskingEncoder(Encoder<ILoggingEvent> delegate) {
            this.delegate = delegate;
            Charset configured = delegate instanceof LayoutWrappingEncoder<ILoggingEvent> layout
                    ? layout.getCharset() : null;
            this.charset = configured != null ? configured : Charset.defaultCharset();
            setContext(delegate instanceof EncoderBase<ILoggingEvent> base ? base.getContext() : null);
            start();
        }

        @Override
        public byte[] headerBytes() {
            return delegate.headerBytes();
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            byte[] bytes = delegate.encode(event);
            if (bytes == null) {
                return null;
            }
            String text = new String(bytes, charset);
            String masked = mask(text);
            return masked == text ? bytes : masked.getBytes(charset);
        }

        @Override
        public byte[] footerBytes() {
            return delegate.footerBytes();
        }
    }
}
