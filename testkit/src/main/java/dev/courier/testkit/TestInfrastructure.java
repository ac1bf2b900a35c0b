package dev.courier.testkit;

import dev.courier.infra.EmbeddedKafkaServer;
import dev.courier.infra.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One real PostgreSQL server and one real Kafka broker per test JVM, chosen once:
 * <ol>
 *   <li>from the environment, when {@code COURIER_TEST_POSTGRES_URL} (a JDBC URL of a server whose
 *   {@code postgres} database we may use to create others, with {@code COURIER_TEST_POSTGRES_USER}/{@code _PASSWORD})
 *   and {@code COURIER_TEST_KAFKA_BOOTSTRAP} are set;</li>
 *   <li>from Testcontainers, when a Docker engine answers;</li>
 *   <li>otherwise embedded: zonky's PostgreSQL binaries and an in-process KRaft broker.</li>
 * </ol>
 * They stop when the JVM exits.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    private static volatile TestInfrastructure shared;
    /** Closed before the servers stop, newest first: whatever runs on them must go before they do. */
    private static final java.util.Deque<AutoCloseable> DEPENDENTS = new java.util.concurrent.ConcurrentLinkedDeque<>();

    private final String postgresBaseUrl;
    private final String postgresUser;
    private final String postgresPassword;
    private final String kafkaBootstrapServers;

    private TestInfrastructure(String postgresBaseUrl, String user, String password, String kafkaBootstrapServers) {
        this.postgresBaseUrl = postgresBaseUrl;
        this.postgresUser = user;
        this.postgresPassword = password;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    public static TestInfrastructure shared() {
        if (shared == null) {
            synchronized (TestInfrastructure.class) {
                if (shared == null) {
                    shared = start();
                }
            }
        }
        return shared;
    }

    private static TestInfrastructure start() {
        String envPostgres = System.getenv("COURIER_TEST_POSTGRES_URL");
        String envKafka = System.getenv("COURIER_TEST_KAFKA_BOOTSTRAP");
        if (envPostgres != null && envKafka != null) {
            log.info("Test infrastructure from the environment: {} and {}", envPostgres, envKafka);
            return new TestInfrastructure(baseOf(envPostgres), envOr("COURIER_TEST_POSTGRES_USER", "postgres"),
                    envOr("COURIER_TEST_POSTGRES_PASSWORD", "postgres"), envKafka);
        }
        if (dockerAnswers()) {
            return startContainers();
        }
        return startEmbedded();
    }

    /**
     * Closes {@code dependent} when the JVM exits, before the servers stop: processes that use the broker and the
     * database (a whole stack) then shut down cleanly instead of waiting on servers that are gone.
     */
    public static void closeBeforeStopping(AutoCloseable dependent) {
        DEPENDENTS.push(dependent);
    }

    private static void closeDependents() {
        for (AutoCloseable dependent = DEPENDENTS.poll(); dependent != null; dependent = DEPENDENTS.poll()) {
            try {
                dependent.close();
            } catch (Exception e) {
                log.warn("Could not close {}", dependent, e);
            }
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    private static TestInfrastructure startContainers() {
        log.info("Test infrastructure from Testcontainers");
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
        postgres.start();
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeDependents();
            kafka.stop();
            postgres.stop();
        }));
        return new TestInfrastructure(baseOf(postgres.getJdbcUrl()), postgres.getUsername(), postgres.getPassword(),
                kafka.getBootstrapServers());
    }

    private static TestInfrastructure startEmbedded() {
        log.info("Test infrastructure embedded: no Docker engine answered");
        try {
            Path root = Files.createTempDirectory("courier-test-infra");
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(root.resolve("postgres"), 0);
            EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(root.resolve("kafka"), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                closeDependents();
                kafka.close();
                postgres.close();
            }));
            return new TestInfrastructure("jdbc:postgresql://localhost:" + postgres.port() + "/",
                    EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD, kafka.bootstrapServers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String baseOf(String jdbcUrl) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        return jdbcUrl.substring(0, slash + 1);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** A JDBC URL of {@code database}, created first if it does not exist. */
    public String jdbcUrl(String database) {
        createDatabase(database);
        return postgresBaseUrl + database;
    }

    public void createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (var connection = DriverManager.getConnection(postgresBaseUrl + "postgres", postgresUser, postgresPassword);
             var statement = connection.createStatement();
             var exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
            if (!exists.next()) {
                statement.execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    /** The server's JDBC URL without a database: append a database name. */
    public String postgresBaseUrl() {
        return postgresBaseUrl;
    }

    public String postgresUser() {
        return postgresUser;
    }

    public String postgresPassword() {
        return postgresPassword;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }
}
