package dev.courier.support.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaTracingTest {

    private static final String UNSAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

    private final KafkaTracing tracing = new KafkaTracing(Tracer.NOOP, Propagator.NOOP, false);

    @Test
    void tellsUnsampledTraceparentsFromSampledAndMalformedOnes() {
        assertThat(KafkaTracing.unsampled(bytes(UNSAMPLED))).isTrue();
        assertThat(KafkaTracing.unsampled(bytes(UNSAMPLED.replace("-00", "-01")))).isFalse();
        assertThat(KafkaTracing.unsampled(bytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331"))).isFalse();
        assertThat(KafkaTracing.unsampled(null)).isFalse();
    }

    @Test
    void makesValidUnsampledTraceparentsForNewTraces() {
        String traceparent = new String(KafkaTracing.newUnsampledTraceparent(), StandardCharsets.ISO_8859_1);
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
        assertThat(traceparent).isNotEqualTo(new String(KafkaTracing.newUnsampledTraceparent(),
                StandardCharsets.ISO_8859_1));
    }

    @Test
    void anUnsampledRecordsTraceAndMessageIdArePassedOnAndShownUntilExit() {
        var consumed = new ConsumerRecord<Object, Object>("in", 0, 0, "k", null);
        consumed.headers().add("traceparent", bytes(UNSAMPLED));
        consumed.headers().add(MessageIds.HEADER, bytes("m-1"));

        tracing.enter(consumed);
        assertThat(MDC.get("traceId")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(MDC.get(MessageIds.MDC_KEY)).isEqualTo("m-1");
        var sent = tracing.onSend(new ProducerRecord<>("out", "k", null));
        tracing.exit();

        assertThat(new String(sent.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo(UNSAMPLED);
        assertThat(new String(sent.headers().lastHeader(MessageIds.HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("m-1");
        assertThat(MDC.get("traceId")).isNull();
        assertThat(MDC.get(MessageIds.MDC_KEY)).isNull();
        assertThat(tracing.onSend(new ProducerRecord<>("out", "k", null)).headers().lastHeader("traceparent"))
                .isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
