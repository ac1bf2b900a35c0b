package dev.courier.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One trace per message across the services (issue #9): the trace context travels in each Kafka record's W3C
 * {@code traceparent} header, the message id in {@value MessageIds#HEADER}.
 * <ul>
 *   <li>Producing: every send of the service's {@code KafkaTemplate} (this is its {@link ProducerInterceptor}, set
 *       by {@link CourierTracingAutoConfiguration}) carries the span current on the sending thread, and the message
 *       id of the event sent or, failing that, the one in the MDC.</li>
 *   <li>Consuming: {@link #enter} makes a child span of the record's trace current on the listener thread (a new
 *       trace if the record has none), with MDC {@code traceId} and {@value MessageIds#MDC_KEY}, until {@link #exit}
 *       or the next {@link #enter} for another record. Record listeners get this from
 *       {@link TracingRecordInterceptor}; batch listeners from {@code EventPublisher.Batch.send(record, …)}, or by
 *       calling {@link #enter} themselves at the start of each record.</li>
 *   <li>{@link #start} begins a new trace where a message enters the system (the gateway, a frame from a socket).</li>
 * </ul>
 * Unsampled traces (W3C flags {@code 00}: every trace when nothing exports, see the sampling probability set by
 * {@code CourierDefaultsEnvironmentPostProcessor}) take a short cut: no span is recorded for them anywhere (the
 * parent-based sampler decides once, where the trace begins), so the record's {@code traceparent} is passed on
 * unchanged and its trace id put in the MDC, without making spans. That is what the logs need, at a fraction of the
 * cost per hop. Sampled traces get a real span per record, a child of the producer's, through Micrometer Tracing.
 * <p>
 * Logger {@code courier.trace} at DEBUG writes one line per record handled and per trace started: the path of each
 * message through the services, with its trace id and message id.
 */
public class KafkaTracing implements ProducerInterceptor<Object, Object> {

    /** One line per hop of a message, at DEBUG: {@code logging.level.courier.trace=DEBUG}. */
    public static final Logger TRACE_LOG = LoggerFactory.getLogger("courier.trace");

    /** Passes nothing on, makes no spans; message ids still go to the MDC. */
    public static final KafkaTracing NOOP = new KafkaTracing(Tracer.NOOP, Propagator.NOOP, true);

    static final String TRACEPARENT = "traceparent";
    static final String MDC_TRACE_ID = "traceId";

    private static final Propagator.Setter<Headers> SETTER = (headers, key, value) ->
            set(headers, key, value.getBytes(StandardCharsets.UTF_8));
    private static final Propagator.Getter<Headers> GETTER = KafkaTracing::header;

    private final Tracer tracer;
    private final Propagator propagator;
    private final boolean sampleNewTraces;
    private final ThreadLocal<Scope> current = new ThreadLocal<>();
    private final ThreadLocal<BatchRecords> batches = new ThreadLocal<>();

    /**
     * @param sampleNewTraces whether a trace begun here ({@link #start}) may be sampled at all (sampling probability
     *                        above 0); if not, its ids are made without the tracer
     */
    public KafkaTracing(Tracer tracer, Propagator propagator, boolean sampleNewTraces) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.sampleNewTraces = sampleNewTraces;
    }

    /**
     * Starts a new trace on this thread (whatever was current before), with {@code messageId} (may be null) in the
     * MDC and in the records sent until the returned scope is closed.
     */
    public Scope start(String name, String messageId) {
        Scope scope;
        if (sampleNewTraces) {
            Span span = tracer.spanBuilder().setNoParent().name(name).kind(Span.Kind.SERVER).start();
            scope = new Scope(this, null, span, tracer.withSpan(span), null, messageId);
        } else {
            scope = new Scope(this, null, null, null, newUnsampledTraceparent(), messageId);
        }
        if (TRACE_LOG.isDebugEnabled()) {
            TRACE_LOG.debug("{}: new trace", name);
        }
        return scope;
    }

    /**
     * Handling {@code record} on this thread from now on: its trace (a child span of the producer's) and message id
     * become current, replacing those of the record handled before on this thread. Entering the same record again
     * does nothing.
     */
    public void enter(ConsumerRecord<?, ?> record) {
        Scope before = current.get();
        if (before != null && before.record != null) {
            if (before.record == record) {
                return;
            }
            before.close();
        }
        String messageId = messageIdOf(record);
        Header traceparent = record.headers().lastHeader(TRACEPARENT);
        if (traceparent != null && unsampled(traceparent.value())) {
            new Scope(this, record, null, null, traceparent.value(), messageId);
        } else {
            Span span = propagator.extract(record.headers(), GETTER).name(record.topic()).kind(Span.Kind.CONSUMER)
                    .start();
            new Scope(this, record, span, tracer.withSpan(span), null, messageId);
        }
    }

    /** Ends what {@link #enter} made current on this thread, if anything. */
    public void exit() {
        Scope scope = current.get();
        if (scope != null && scope.record != null) {
            scope.close();
        }
    }

    /**
     * A batch listener is about to get {@code records} on this thread: until {@link #batchEnded()}, a record sent
     * about a message that one of these records is about carries that record's trace, unless that record is the
     * one {@link #enter entered} (then it is the same trace anyway): a listener that collects its sends and makes
     * them at the end of the batch keeps each message's trace. Logs one {@code courier.trace} line per record.
     */
    public void batchStarted(Iterable<? extends ConsumerRecord<?, ?>> records) {
        exit();
        batches.set(new BatchRecords(records));
        if (TRACE_LOG.isDebugEnabled()) {
            for (ConsumerRecord<?, ?> record : records) {
                String messageId = messageIdOf(record);
                Header traceparent = record.headers().lastHeader(TRACEPARENT);
                String previousTraceId = MDC.get(MDC_TRACE_ID);
                String previousMessageId = MDC.get(MessageIds.MDC_KEY);
                if (traceparent != null && traceparent.value() != null && traceparent.value().length >= 35) {
                    MDC.put(MDC_TRACE_ID, new String(traceparent.value(), 3, 32, StandardCharsets.ISO_8859_1));
                }
                if (messageId != null) {
                    MDC.put(MessageIds.MDC_KEY, messageId);
                }
                logHop(record);
                Scope.restore(MDC_TRACE_ID, previousTraceId);
                Scope.restore(MessageIds.MDC_KEY, previousMessageId);
            }
        }
    }

    /** The batch listener returned (or failed): ends what was current, forgets the batch. */
    public void batchEnded() {
        exit();
        batches.remove();
    }

    /** The {@code courier.trace} line for a record received (with the trace and message id in the MDC). */
    void logHop(ConsumerRecord<?, ?> record) {
        if (TRACE_LOG.isDebugEnabled()) {
            TRACE_LOG.debug("{} from {}-{}@{}", record.value() == null ? "unreadable record"
                    : record.value().getClass().getSimpleName(), record.topic(), record.partition(), record.offset());
        }
    }

    /** Adds the current trace context and message id to a record about to be sent. */
    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        try {
            String messageId = MessageIds.of(record.value());
            if (messageId == null) {
                messageId = MDC.get(MessageIds.MDC_KEY);
            }
            Scope scope = current.get();
            Header batchTrace = scope == null || scope.record != null ? batchTraceparent(messageId, scope) : null;
            if (batchTrace != null) {
                set(record.headers(), TRACEPARENT, batchTrace.value());
            } else if (scope != null && scope.traceparent != null) {
                set(record.headers(), TRACEPARENT, scope.traceparent);
            } else {
                TraceContext context = tracer.currentTraceContext().context();
                if (context != null) {
                    propagator.inject(context, record.headers(), SETTER);
                }
            }
            if (messageId != null) {
                set(record.headers(), MessageIds.HEADER, messageId.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IllegalStateException readOnlyHeaders) {
            // A record sent before (its headers are frozen) keeps the headers it had.
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    /**
     * In a batch listener, a send about a message that a record of the batch other than the entered one is about
     * carries that record's trace (the listener sends for earlier records after it moved on, e.g. at the end).
     */
    private Header batchTraceparent(String messageId, Scope scope) {
        BatchRecords batch = messageId == null ? null : batches.get();
        ConsumerRecord<?, ?> cause = batch == null ? null : batch.recordAbout(messageId);
        if (cause == null || scope != null && scope.record == cause) {
            return null;
        }
        Header traceparent = cause.headers().lastHeader(TRACEPARENT);
        return traceparent == null || traceparent.value() == null ? null : traceparent;
    }

    private static String messageIdOf(ConsumerRecord<?, ?> record) {
        String messageId = MessageIds.of(record.value());
        return messageId != null ? messageId : header(record.headers(), MessageIds.HEADER);
    }

    /** The records of the batch being handled on a thread; indexed by message id on first use. */
    private static final class BatchRecords {

        private final Iterable<? extends ConsumerRecord<?, ?>> records;
        private Map<String, ConsumerRecord<?, ?>> byMessageId;

        BatchRecords(Iterable<? extends ConsumerRecord<?, ?>> records) {
            this.records = records;
        }

        ConsumerRecord<?, ?> recordAbout(String messageId) {
            if (byMessageId == null) {
                byMessageId = new java.util.HashMap<>();
                for (ConsumerRecord<?, ?> record : records) {
                    String id = messageIdOf(record);
                    if (id != null) {
                        byMessageId.putIfAbsent(id, record);
                    }
                }
            }
            return byMessageId.get(messageId);
        }
    }

    /** {@code 00-<32 hex trace id>-<16 hex parent id>-<flags>} with the sampled flag (bit 0 of flags) clear. */
    static boolean unsampled(byte[] traceparent) {
        return traceparent != null && traceparent.length == 55 && traceparent[0] == '0' && traceparent[1] == '0'
                && traceparent[2] == '-' && traceparent[35] == '-' && traceparent[52] == '-'
                && (Character.digit(traceparent[54], 16) & 1) == 0;
    }

    static byte[] newUnsampledTraceparent() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = random.nextLong() | 1; // never all zeros (invalid)
        long span = random.nextLong() | 1;
        return ("00-" + hex(high) + hex(low) + "-" + hex(span) + "-00").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }

    private static void set(Headers headers, String key, byte[] value) {
        headers.remove(key);
        headers.add(key, value);
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * A trace made current on this thread, with its message id in the MDC; closing ends it and makes current again
     * what was before. Sampled: a span in scope. Unsampled: just the {@code traceparent} to pass on and its trace id
     * in the MDC.
     */
    public static final class Scope implements AutoCloseable {

        private final KafkaTracing owner;
        private final ConsumerRecord<?, ?> record;
        private final Span span;
        private final Tracer.SpanInScope inScope;
        private final byte[] traceparent;
        private final Scope previous;
        private final String previousMessageId;
        private final String previousTraceId;
        private final boolean messageIdSet;
        private boolean closed;

        private Scope(KafkaTracing owner, ConsumerRecord<?, ?> record, Span span, Tracer.SpanInScope inScope,
                      byte[] traceparent, String messageId) {
            this.owner = owner;
            this.record = record;
            this.span = span;
            this.inScope = inScope;
            this.traceparent = traceparent;
            this.previous = owner.current.get();
            this.messageIdSet = messageId != null;
            this.previousMessageId = messageIdSet ? MDC.get(MessageIds.MDC_KEY) : null;
            if (messageIdSet) {
                MDC.put(MessageIds.MDC_KEY, messageId);
                if (span != null) {
                    span.tag("courier.message.id", messageId);
                }
            }
            if (traceparent != null) {
                previousTraceId = MDC.get(MDC_TRACE_ID);
                MDC.put(MDC_TRACE_ID, new String(traceparent, 3, 32, StandardCharsets.ISO_8859_1));
            } else {
                previousTraceId = null;
            }
            owner.current.set(this);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (previous == null) {
                owner.current.remove();
            } else {
                owner.current.set(previous);
            }
            if (messageIdSet) {
                restore(MessageIds.MDC_KEY, previousMessageId);
            }
            if (traceparent != null) {
                restore(MDC_TRACE_ID, previousTraceId);
            } else {
                inScope.close();
                span.end();
            }
        }

        private static void restore(String key, String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
