package dev.courier.bench;

import dev.courier.load.Latency;
import org.HdrHistogram.Histogram;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.tomcat.websocket.server.WsSci;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this machine can do at best, measured by the same command for context: a bare WebSocket echo (the gateway's
 * own server, Tomcat, embedded here; the JDK's client), a Kafka produce-to-consume round trip on the stack's broker,
 * and single-row and batched inserts into the stack's PostgreSQL. Scratch topic and table are removed afterwards.
 */
final class Ceilings {

    /** One line of the ceilings table. */
    record Ceiling(String what, String how, String result) {
    }

    /** Tomcat logs through java.util.logging: keep its startup chatter out of the benchmark's output. */
    private static final java.util.logging.Logger TOMCAT_LOG = java.util.logging.Logger.getLogger("org.apache");

    private final boolean quick;

    Ceilings(boolean quick) {
        this.quick = quick;
    }

    /**
     * @param brokerPid the process that runs the stack's Kafka broker (its CPU counts in the batched ceiling), or 0
     */
    List<Ceiling> measure(String kafkaBootstrap, long brokerPid, String postgresUrl, String user, String password) {
        List<Ceiling> ceilings = new ArrayList<>();
        attempt(ceilings, "WebSocket echo", this::webSocket);
        attempt(ceilings, "Kafka produce → consume", () -> kafka(kafkaBootstrap));
        attempt(ceilings, "Kafka batched produce → consume", () -> kafkaBatched(kafkaBootstrap, brokerPid));
        attempt(ceilings, "Kafka hop chain", () -> hopChain(kafkaBootstrap, brokerPid));
        attempt(ceilings, "PostgreSQL inserts", () -> postgres(postgresUrl, user, password));
        return ceilings;
    }

    private interface Measurement {
        List<Ceiling> run() throws Exception;
    }

    private static void attempt(List<Ceiling> ceilings, String what, Measurement measurement) {
        try {
            ceilings.addAll(measurement.run());
        } catch (Exception e) {
            System.out.println("bench: ceiling " + what + " failed: " + e);
            ceilings.add(new Ceiling(what, "", "not measured: " + e.getMessage()));
        }
    }

    List<Ceiling> webSocket() throws Exception {
        TOMCAT_LOG.setLevel(java.util.logging.Level.SEVERE);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("bench-tomcat").toString());
        tomcat.setPort(0);
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer((classes, servlets) -> {
            try {
                ((ServerContainer) servlets.getAttribute(ServerContainer.class.getName())).addEndpoint(EchoEndpoint.class);
            } catch (DeploymentException e) {
                throw new ServletException(e);
            }
        }, null);
        // Filters (the WebSocket upgrade is one) only run for a request some servlet maps.
        Tomcat.addServlet(context, "default", new HttpServlet() {
        });
        context.addServletMappingDecoded("/", "default");
        tomcat.getConnector();
        tomcat.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI uri = URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/echo");
            String payload = "x".repeat(200);
            int roundTrips = quick ? 1_000 : 5_000;
            Histogram histogram = new Histogram(3);
            try (Echo echo = Echo.open(http, uri)) {
                for (int i = 0; i < roundTrips / 5; i++) {
                    echo.roundTrip(payload); // warm-up
                }
                for (int i = 0; i < roundTrips; i++) {
                    long start = System.nanoTime();
                    echo.roundTrip(payload);
                    histogram.recordValue(System.nanoTime() - start);
                }
            }
            int connections = 4;
            long measureNanos = (quick ? 2 : 5) * 1_000_000_000L;
            AtomicLong done = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            long started = System.nanoTime();
            for (int c = 0; c < connections; c++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try (Echo echo = Echo.open(http, uri)) {
                        while (System.nanoTime() - started < measureNanos) {
                            echo.roundTrip(payload);
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double perSecond = done.get() / ((System.nanoTime() - started) / 1e9);
            Latency latency = latency(histogram);
            return List.of(
                    new Ceiling("WebSocket echo round trip", roundTrips + " sequential 200-byte round trips, "
                            + "Tomcat server and JDK client in one JVM", percentiles(latency)),
                    new Ceiling("WebSocket echo throughput", connections + " connections, each one round trip at a "
                            + "time", String.format("%,.0f round trips/s", perSecond)));
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    List<Ceiling> kafka(String bootstrap) throws Exception {
        String topic = "bench.ceiling." + UUID.randomUUID();
        Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<Long, Long> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 0), new LongSerializer(), new LongSerializer());
                 KafkaConsumer<Long, Long> consumer = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                         ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new LongDeserializer(),
                         new LongDeserializer())) {
                TopicPartition partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                consumer.poll(Duration.ofMillis(100));
                int roundTrips = quick ? 300 : 2_000;
                Histogram histogram = new Histogram(3);
                for (int i = -roundTrips / 5; i < roundTrips; i++) {
                    long start = System.nanoTime();
                    producer.send(new ProducerRecord<>(topic, (long) i, start));
                    boolean arrived = false;
                    while (!arrived) {
                        if (System.nanoTime() - start > 10_000_000_000L) {
                            throw new IllegalStateException("no record back from Kafka in 10 s");
                        }
                        for (ConsumerRecord<Long, Long> record : consumer.poll(Duration.ofMillis(100))) {
                            arrived |= record.value() == start;
                        }
                    }
                    if (i >= 0) {
                        histogram.recordValue(System.nanoTime() - start);
                    }
                }
                return List.of(new Ceiling("Kafka produce → consume round trip", roundTrips
                        + " records one at a time, acks=all, linger 0, the stack's broker (" + bootstrap + ")",
                        percentiles(latency(histogram))));
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Records of a typical event's size (500 bytes) produced as fast as the producer takes them, batched (linger
     * 5 ms, 64 KiB batches, acks=all), over four partitions, and consumed by one consumer: the records per second
     * this machine moves through one broker, and the CPU each costs (producer and consumer in this JVM, plus the
     * broker's process): the floor of one hop of the message path.
     */
    List<Ceiling> kafkaBatched(String bootstrap, long brokerPid) throws Exception {
        String topic = "bench.ceiling.batched." + UUID.randomUUID();
        long measureNanos = (quick ? 3 : 10) * 1_000_000_000L;
        byte[] value = new byte[500];
        java.util.Arrays.fill(value, (byte) 'x');
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
            AtomicLong consumed = new AtomicLong();
            AtomicLong stop = new AtomicLong(Long.MAX_VALUE);
            Thread reader = Thread.ofPlatform().start(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, topic,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(topic));
                    while (System.nanoTime() < stop.get()) {
                        consumed.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
                    }
                }
            });
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 65_536),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                // Warm-up, until the consumer has its partitions and the JIT has the loop.
                long warmUntil = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < warmUntil || consumed.get() == 0) {
                    producer.send(new ProducerRecord<>(topic, value));
                }
                producer.flush();
                long consumedBefore = consumed.get();
                long cpuBefore = processCpuNanos() + brokerCpuNanos(brokerPid);
                long started = System.nanoTime();
                long key = 0;
                while (System.nanoTime() - started < measureNanos) {
                    producer.send(new ProducerRecord<>(topic, Long.toString(key++).getBytes(), value));
                }
                producer.flush();
                long produced = key;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (consumed.get() - consumedBefore < produced && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long cpu = processCpuNanos() + brokerCpuNanos(brokerPid) - cpuBefore;
                long moved = consumed.get() - consumedBefore;
                stop.set(System.nanoTime());
                reader.join(10_000);
                return List.of(new Ceiling("Kafka batched produce → consume", String.format(
                        "500-byte records as fast as taken, linger 5 ms, 64 KiB batches, acks=all, 4 partitions, one "
                                + "consumer; CPU of producer + consumer (this JVM)%s", brokerPid > 0
                                ? " + broker" : " (broker not found: not counted)"),
                        String.format("%,.0f records/s, %.1f µs CPU per record", moved / seconds,
                                moved == 0 ? Double.NaN : cpu / 1e3 / moved)));
            } finally {
                stop.set(System.nanoTime());
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The Kafka floor of the message path: five consume-produce hops and nothing else ({@link HopChain}). */
    List<Ceiling> hopChain(String bootstrap, long brokerPid) throws Exception {
        List<Ceiling> ceilings = new ArrayList<>();
        for (int rate : List.of(100, 1000)) {
            HopChain.Result result = HopChain.run(bootstrap, brokerPid, 5, rate, quick ? 10 : 20);
            ceilings.add(new Ceiling("Kafka 5-hop chain at " + rate + "/s", "source → 5 relays (a poll at a time: "
                    + "send all, one flush, commits every 100 ms) → sink, 500-byte records, one JVM, the stack's "
                    + "broker; CPU of this JVM" + (brokerPid > 0 ? " + broker" : ""), String.format(
                    "%s; %.2f CPU-ms per record (%.0f µs per hop), %.0f/s delivered",
                    percentiles(result.latency()), result.cpuMillisPerRecord(),
                    result.cpuMillisPerRecord() * 1000 / 5, result.delivered() / result.seconds())));
        }
        return ceilings;
    }

    /** CPU time of this JVM so far. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time so far of the broker's process ({@code pid}), zero when unknown or unreadable. */
    static long brokerCpuNanos(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            return (long) (dev.courier.load.ProcFs.stat(pid).cpuTicks() / dev.courier.load.ProcFs.ticksPerSecond()
                    * 1e9);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    List<Ceiling> postgres(String url, String user, String password) throws SQLException {
        String table = "bench_ceiling_" + UUID.randomUUID().toString().replace("-", "");
        long measureNanos = (quick ? 2 : 5) * 1_000_000_000L;
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            String synchronousCommit;
            try (ResultSet result = statement.executeQuery("show synchronous_commit")) {
                result.next();
                synchronousCommit = result.getString(1);
            }
            statement.execute("create table " + table
                    + " (id bigserial primary key, conversation uuid not null, body text not null)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into " + table + " (conversation, body) values (?, ?)")) {
                long single = 0;
                long started = System.nanoTime();
                while (System.nanoTime() - started < measureNanos) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, "a message body of about the usual size");
                    insert.executeUpdate();
                    single++;
                }
                double singlePerSecond = single / ((System.nanoTime() - started) / 1e9);
                connection.setAutoCommit(false);
                long rows = 0;
                started = System.nanoTime();
                while (System.nanoTime() - started < measureNanos) {
                    for (int i = 0; i < 500; i++) {
                        insert.setObject(1, UUID.randomUUID());
                        insert.setString(2, "a message body of about the usual size");
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    rows += 500;
                }
                double rowsPerSecond = rows / ((System.nanoTime() - started) / 1e9);
                connection.setAutoCommit(true);
                String how = "the stack's PostgreSQL, synchronous_commit=" + synchronousCommit;
                return List.of(
                        new Ceiling("PostgreSQL single-row inserts", "one connection, autocommit, " + how,
                                String.format("%,.0f inserts/s", singlePerSecond)),
                        new Ceiling("PostgreSQL batched inserts", "one connection, batches of 500 rows in one "
                                + "transaction each, " + how, String.format("%,.0f rows/s", rowsPerSecond)));
            } finally {
                connection.setAutoCommit(true);
                statement.execute("drop table if exists " + table);
            }
        }
    }

    static Latency latency(Histogram nanos) {
        return new Latency(nanos.getTotalCount(), nanos.getValueAtPercentile(50) / 1e6,
                nanos.getValueAtPercentile(99) / 1e6, nanos.getValueAtPercentile(99.9) / 1e6, nanos.getMaxValue() / 1e6);
    }

    static String percentiles(Latency latency) {
        return "p50 " + Report.millis(latency.p50Millis()) + ", p99 " + Report.millis(latency.p99Millis())
                + ", p99.9 " + Report.millis(latency.p999Millis());
    }

    /** One JDK WebSocket client connection doing one echo round trip at a time. */
    private static final class Echo implements WebSocket.Listener, AutoCloseable {

        private final StringBuilder text = new StringBuilder();
        private volatile CompletableFuture<String> reply = new CompletableFuture<>();
        private WebSocket socket;

        static Echo open(HttpClient http, URI uri) throws Exception {
            Echo echo = new Echo();
            try {
                echo.socket = http.newWebSocketBuilder().buildAsync(uri, echo).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                    throw new IllegalStateException("echo handshake: HTTP " + handshake.getResponse().statusCode());
                }
                throw e;
            }
            return echo;
        }

        void roundTrip(String payload) throws Exception {
            reply = new CompletableFuture<>();
            socket.sendText(payload, true).get(10, TimeUnit.SECONDS);
            reply.get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                reply.complete(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
                    .join();
        }
    }
}
