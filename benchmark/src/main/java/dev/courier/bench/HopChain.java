package dev.courier.bench;

import dev.courier.load.Latency;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor of a message path made of Kafka hops, with no service logic at all: a source writes 500-byte records at
 * a fixed rate, {@code hops} relays each read a topic and write every record to the next (a poll at a time: send all,
 * one flush, offsets committed every 100 ms, as Courier's listeners do), a sink reads the last topic and measures
 * the time from the source. Everything runs in this JVM (one JIT, one heap, no JSON, no SQL, no sockets to clients),
 * on the stack's broker. What it costs (this JVM plus the broker) and how long it takes is what five consume-produce
 * hops cost at least on this machine, whatever the services do in them.
 */
final class HopChain {

    private static final int VALUE_BYTES = 500;

    /** One run: the rate offered, what arrived, the latency from the source to the sink, the CPU it cost. */
    record Result(int hops, double offeredRate, long sent, long delivered, double seconds, Latency latency,
                  double cpuSeconds) {

        double cpuMillisPerRecord() {
            return delivered == 0 ? Double.NaN : cpuSeconds * 1000 / delivered;
        }

        String describe() {
            return String.format("%d hops at %.0f/s: delivered %d of %d in %.1f s (%.0f/s), source -> sink "
                            + "p50 %.1f p99 %.1f p99.9 %.1f ms, CPU %.2f s (%.3f ms per record through all hops, "
                            + "%.1f µs per hop)", hops, offeredRate, delivered, sent, seconds, delivered / seconds,
                    latency.p50Millis(), latency.p99Millis(), latency.p999Millis(), cpuSeconds, cpuMillisPerRecord(),
                    cpuMillisPerRecord() * 1000 / hops);
        }
    }

    private HopChain() {
    }

    static Result run(String bootstrap, long brokerPid, int hops, int rate, int seconds) throws Exception {
        String prefix = "bench.hops." + UUID.randomUUID() + ".";
        List<String> topics = new ArrayList<>();
        for (int i = 0; i <= hops; i++) {
            topics.add(prefix + i);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, 4, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
            try {
                return runOn(bootstrap, brokerPid, topics, rate, seconds);
            } finally {
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Result runOn(String bootstrap, long brokerPid, List<String> topics, int rate, int seconds)
            throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Histogram latency = new Histogram(3);
        AtomicLong delivered = new AtomicLong();
        AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE);
        List<Thread> threads = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 1),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int hop = 1; hop < topics.size(); hop++) {
                String from = topics.get(hop - 1);
                String to = topics.get(hop);
                threads.add(Thread.ofPlatform().name("relay-" + hop).start(() -> relay(bootstrap, from, to,
                        producer, running)));
            }
            threads.add(Thread.ofPlatform().name("sink").start(() -> sink(bootstrap, topics.getLast(), running,
                    latency, delivered, measuredFrom)));
            // Until every consumer has its partitions: a record goes round before the measurement starts.
            long warmUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (delivered.get() == 0 && System.nanoTime() < warmUntil) {
                producer.send(new ProducerRecord<>(topics.getFirst(), value(System.nanoTime())));
                Thread.sleep(200);
            }
            Thread.sleep(2_000);
            long cpuBefore = cpuNanos(brokerPid);
            long deliveredBefore = delivered.get();
            long started = System.nanoTime();
            measuredFrom.set(started);
            long interval = 1_000_000_000L / rate;
            long sent = 0;
            for (long next = started; next - started < seconds * 1_000_000_000L; next += interval) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                // Keyed like a user id: each key stays on one partition, as Courier's keys do.
                producer.send(new ProducerRecord<>(topics.getFirst(), Long.toString(sent % 200).getBytes(),
                        value(next)));
                sent++;
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered.get() - deliveredBefore < sent && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            double cpu = (cpuNanos(brokerPid) - cpuBefore) / 1e9;
            running.set(false);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            synchronized (latency) {
                return new Result(topics.size() - 1, rate, sent, delivered.get() - deliveredBefore, elapsed,
                        Ceilings.latency(latency), cpu);
            }
        }
    }

    private static void relay(String bootstrap, String from, String to, KafkaProducer<byte[], byte[]> producer,
                              AtomicBoolean running) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, from)) {
            long lastCommit = System.nanoTime();
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(new ProducerRecord<>(to, record.key(), record.value()));
                }
                producer.flush();
                if (System.nanoTime() - lastCommit > 100_000_000L) {
                    consumer.commitAsync();
                    lastCommit = System.nanoTime();
                }
            }
        }
    }

    private static void sink(String bootstrap, String topic, AtomicBoolean running, Histogram latency,
                             AtomicLong delivered, AtomicLong measuredFrom) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, topic)) {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long sentAt = ByteBuffer.wrap(record.value()).getLong();
                    if (sentAt >= measuredFrom.get()) {
                        synchronized (latency) {
                            latency.recordValue(Math.max(0, System.nanoTime() - sentAt));
                        }
                    }
                    delivered.incrementAndGet();
                }
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static byte[] value(long sentAtNanos) {
        return ByteBuffer.allocate(VALUE_BYTES).putLong(sentAtNanos).array();
    }

    private static long cpuNanos(long brokerPid) {
        return Ceilings.processCpuNanos() + Ceilings.brokerCpuNanos(brokerPid);
    }
}
