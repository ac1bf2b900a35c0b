package dev.courier.testkit;

import dev.courier.infra.EmbeddedKafkaServer;
import dev.courier.infra.EmbeddedPostgresServer;
import dev.courier.infra.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server and a Kafka broker of one test class's own, always embedded (zonky binaries, in-process
 * KRaft), that the test may stop and start again: same port, same data folder, so the clients that lose them find
 * them again where they were, with everything they had written. For fault tests; everything else shares
 * {@link TestInfrastructure}, which nobody stops. Not thread-safe: one test drives it.
 */
public final class RestartableInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestartableInfrastructure.class);

    private final Path postgresData;
    private final Path kafkaData;
    private final int postgresPort;
    private final int kafkaPort;
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaServer kafka;

    private RestartableInfrastructure(Path root) {
        this.postgresData = root.resolve("postgres");
        this.kafkaData = root.resolve("kafka");
        this.postgresPort = FreePorts.find();
        this.kafkaPort = FreePorts.find();
        startPostgres();
        startKafka();
    }

    /** Starts both servers on free ports, with their data in a fresh temporary folder. */
    public static RestartableInfrastructure start() {
        try {
            RestartableInfrastructure infrastructure =
                    new RestartableInfrastructure(Files.createTempDirectory("courier-restartable-infra"));
            Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close));
            return infrastructure;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void stopKafka() {
        if (kafka != null) {
            log.info("Stopping Kafka on port {}", kafkaPort);
            kafka.close();
            kafka = null;
        }
    }

    public synchronized void startKafka() {
        if (kafka == null) {
            kafka = EmbeddedKafkaServer.start(kafkaData, kafkaPort);
            log.info("Kafka up on port {}", kafkaPort);
        }
    }

    public synchronized void stopPostgres() {
        if (postgres != null) {
            log.info("Stopping PostgreSQL on port {}", postgresPort);
            postgres.close();
            postgres = null;
        }
    }

    public synchronized void startPostgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgresServer.start(postgresData, postgresPort);
            log.info("PostgreSQL up on port {}", postgresPort);
        }
    }

    public synchronized void createDatabase(String database) {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is stopped");
        }
        postgres.createDatabase(database);
    }

    /** The server's JDBC URL without a database: append a database name. */
    public String postgresBaseUrl() {
        return "jdbc:postgresql://localhost:" + postgresPort + "/";
    }

    public String postgresUser() {
        return EmbeddedPostgresServer.USER;
    }

    public String postgresPassword() {
        return EmbeddedPostgresServer.PASSWORD;
    }

    public String kafkaBootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    /** Stops whatever still runs; safe to call twice. */
    @Override
    public synchronized void close() {
        try {
            stopKafka();
        } finally {
            stopPostgres();
        }
    }
}
