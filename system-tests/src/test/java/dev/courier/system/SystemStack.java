package dev.courier.system;

import dev.courier.stack.CourierStack;
import dev.courier.stack.StackInfrastructure;
import dev.courier.testkit.TestInfrastructure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Starts the whole stack for system tests: every service its own process, on the test kit's real PostgreSQL and
 * Kafka. Most classes share {@linkplain #shared() one stack}; a class gets a stack of its own only when it needs
 * settings that would break the others (short token and message lifetimes) or stops the infrastructure under it.
 * Processes run with a C1-only JIT and small heaps ({@link #JVM_OPTIONS}): ten JVMs share two cores in CI.
 */
final class SystemStack {

    /**
     * JVM options of every service process in system tests. A stack trains each module's AOT cache for these options
     * once per build (JDK 25+); every other stack of the run, and the compose-environment test, starts with it.
     */
    static final List<String> JVM_OPTIONS = Stream.concat(CourierStack.DEFAULT_JVM_OPTIONS.stream(),
            Stream.of("-XX:TieredStopAtLevel=1")).toList();

    /** The shared stack's operator account (see {@link #admin}). */
    static final String ADMIN_PHONE = "+15550000000";

    private static CourierStack shared;
    private static TestUser admin;

    private SystemStack() {
    }

    /**
     * The standard stack, started on first use and shared by every test class that does not need settings of its
     * own (two gateways, two group-service instances, a quick retry timer, disappearing timers of any length in
     * seconds, deleted within a second of expiry, Web Push to plain http on loopback with a 200 ms debounce); it stops
     * when the test JVM exits.
     */
    static synchronized CourierStack shared() {
        if (shared == null) {
            shared = start("shared", builder -> builder
                    .gateways(2)
                    .groupServices(2)
                    .property("group-service", "courier.group.max-members", "16")
                    // Quick heartbeats, so a device that vanishes is noticed within seconds.
                    .property("gateway-service", "courier.gateway.heartbeat-interval", "1s")
                    .property("gateway-service", "courier.gateway.heartbeat-timeout", "5s")
                    .property("message-service", "courier.message.retry.initial-backoff", "2s")
                    .property("message-service", "courier.message.retry.max-backoff", "4s")
                    // Disappearing timers of a few seconds, and their deletion job every second.
                    .property("message-service", "courier.message.disappearing.allow-any-seconds", "true")
                    .property("message-service", "courier.message.disappearing.scan-interval", "1s")
                    // An operator: tokens of this phone number carry the admin scope (delivery timeline).
                    .property("auth-service", "courier.auth.admin-phones", ADMIN_PHONE)
                    // Web Push to a push service of the test's own on loopback, each push a moment after its message.
                    .property("last-seen-service", "courier.lastseen.push.allow-loopback-http", "true")
                    .property("last-seen-service", "courier.lastseen.push.debounce", "200ms")
                    // One log line per hop of each message, with its trace id and message id (TracingSystemTest).
                    .property("logging.level.courier.trace", "DEBUG"));
            TestInfrastructure.closeBeforeStopping(shared);
        }
        return shared;
    }

    /** The operator of the shared stack, registered on first use: its tokens carry the {@code admin} scope. */
    static synchronized TestUser admin(dev.courier.client.CourierClient client) {
        if (admin == null) {
            String userId = client.register(ADMIN_PHONE, TestUser.PASSWORD, "Operator");
            admin = new TestUser(userId, ADMIN_PHONE, TestUser.PASSWORD, client.login(ADMIN_PHONE, TestUser.PASSWORD));
        }
        return admin;
    }

    static CourierStack start(String testName, UnaryOperator<CourierStack.Builder> customizer) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        return start(testName, new StackInfrastructure(
                infrastructure.postgresBaseUrl(), infrastructure.postgresUser(),
                infrastructure.postgresPassword(), infrastructure::createDatabase,
                infrastructure.kafkaBootstrapServers()), customizer);
    }

    /** A stack of the test's own on PostgreSQL and Kafka of its own (a fault test that stops them). */
    static CourierStack start(String testName, StackInfrastructure stackInfrastructure,
                              UnaryOperator<CourierStack.Builder> customizer) {
        Path root = Path.of(System.getProperty("courier.root", "..")).toAbsolutePath().normalize();
        CourierStack.Builder builder = CourierStack.builder(root, stackInfrastructure)
                .logDirectory(root.resolve("system-tests/target/stack-logs/" + testName))
                .jvmOptions(JVM_OPTIONS)
                .startTimeout(Duration.ofMinutes(5));
        return customizer.apply(builder).build().start();
    }
}
