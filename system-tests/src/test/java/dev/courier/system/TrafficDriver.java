package dev.courier.system;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.api.GroupView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of one-to-one and group traffic from simulated users, each one device on the Java client with
 * auto-ack, spread over the gateways: four in five users chat in pairs, the rest in groups of five. Every so often
 * each device also marks what it got as read. A device whose socket closes reconnects (to the next gateway first)
 * and sends again, with the same ids, whatever still lacks its {@code sent} receipt, as a real client does after a
 * lost connection. Everything goes to a {@link DeliveryRecorder}.
 */
final class TrafficDriver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrafficDriver.class);
    static final int GROUP_SIZE = 5;

    private final List<CourierClient> gateways;
    private final DeliveryRecorder recorder = new DeliveryRecorder();
    private final List<SimulatedUser> users = new ArrayList<>();
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    private final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();

    private TrafficDriver(List<CourierClient> gateways) {
        this.gateways = gateways;
    }

    /** Registers {@code count} users, makes the pairs and groups, connects everyone; sending starts paused. */
    static TrafficDriver start(List<CourierClient> gateways, int count, double messagesPerSecond) {
        TrafficDriver driver = new TrafficDriver(gateways);
        CourierClient rest = gateways.getFirst();
        List<TestUser> registered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            registered.add(TestUser.register(rest, "Sim " + i));
        }
        int grouped = count / 5 / GROUP_SIZE * GROUP_SIZE;
        int paired = (count - grouped) / 2 * 2;
        for (int i = 0; i < paired; i += 2) {
            TestUser a = registered.get(i);
            TestUser b = registered.get(i + 1);
            driver.users.add(driver.new SimulatedUser(a, i, new Target(b.userId(), null, List.of(b.userId()))));
            driver.users.add(driver.new SimulatedUser(b, i + 1, new Target(a.userId(), null, List.of(a.userId()))));
        }
        for (int i = paired; i + GROUP_SIZE <= paired + grouped; i += GROUP_SIZE) {
            List<TestUser> members = registered.subList(i, i + GROUP_SIZE);
            GroupView group = rest.createGroup(members.getFirst().token(), "sim group " + i,
                    members.subList(1, GROUP_SIZE).stream().map(TestUser::userId).toList());
            List<String> ids = members.stream().map(TestUser::userId).toList();
            for (int m = 0; m < GROUP_SIZE; m++) {
                driver.users.add(driver.new SimulatedUser(members.get(m), i + m,
                        new Target(null, group.groupId(), ids)));
            }
        }
        driver.users.forEach(SimulatedUser::connect);
        long periodMicros = (long) (1_000_000 / messagesPerSecond);
        driver.ticks.scheduleAtFixedRate(driver::sendOne, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        driver.ticks.scheduleWithFixedDelay(driver::maintain, 500, 500, TimeUnit.MILLISECONDS);
        log.info("Traffic driver: {} users ({} in pairs, {} in groups of {}), {} msg/s when running",
                driver.users.size(), paired, grouped, GROUP_SIZE, messagesPerSecond);
        return driver;
    }

    DeliveryRecorder recorder() {
        return recorder;
    }

    int users() {
        return users.size();
    }

    int reconnects() {
        return reconnects.get();
    }

    void resume() {
        sending.set(true);
    }

    void pause() {
        sending.set(false);
    }

    private void sendOne() {
        if (sending.get()) {
            SimulatedUser user = users.get(Math.floorMod(next.getAndIncrement(), users.size()));
            io.execute(user::sendOne);
        }
    }

    private void maintain() {
        for (SimulatedUser user : users) {
            user.maintain();
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        io.shutdownNow();
        users.forEach(u -> {
            CourierConnection connection = u.connection;
            if (connection != null) {
                connection.abort();
            }
        });
    }

    /** Whom a user writes to: a user, or a group (with all its members). */
    private record Target(String user, String group, List<String> recipients) {
    }

    private final class SimulatedUser {

        private final TestUser user;
        private final Target target;
        private final Map<String, String> unacknowledged = new ConcurrentHashMap<>();
        private final Set<String> toRead = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean reconnecting = new AtomicBoolean();
        private final AtomicInteger sent = new AtomicInteger();
        private int gateway;
        private volatile CourierConnection connection;
        private long lastRead = System.nanoTime();

        SimulatedUser(TestUser user, int index, Target target) {
            this.user = user;
            this.target = target;
            this.gateway = index % gateways.size();
        }

        void connect() {
            CourierConnection opened = gateways.get(gateway).connect(user.token());
            opened.onFrame(this::observe);
            recorder.device(user, "phone", opened);
            connection = opened;
        }

        private void observe(CourierConnection.ReceivedFrame received) {
            if (received.frame() instanceof ReceiptFrame r && r.status() == ReceiptStatus.SENT) {
                unacknowledged.remove(r.messageId());
            } else if (received.frame() instanceof MessageFrame m && !m.from().equals(user.userId())) {
                toRead.add(m.id());
            }
        }

        void sendOne() {
            String id = UUID.randomUUID().toString();
            String text = user.userId().substring(0, 8) + " #" + sent.incrementAndGet();
            recorder.sent(user.userId(), id, target.recipients());
            unacknowledged.put(id, text);
            transmit(id, text);
        }

        private void transmit(String id, String text) {
            CourierConnection current = connection;
            if (current == null || !current.isOpen()) {
                return;  // sent again after the reconnect
            }
            try {
                if (target.group() != null) {
                    current.sendTextToGroup(id, target.group(), text);
                } else {
                    current.sendText(id, target.user(), text);
                }
            } catch (RuntimeException e) {
                log.debug("{} could not send {}: {}", user.userId(), id, e.toString());
            }
        }

        void maintain() {
            CourierConnection current = connection;
            if (current != null && !current.isOpen()) {
                if (reconnecting.compareAndSet(false, true)) {
                    io.execute(this::reconnect);
                }
            } else if (current != null && System.nanoTime() - lastRead > TimeUnit.SECONDS.toNanos(2)
                    && !toRead.isEmpty()) {
                lastRead = System.nanoTime();
                List<String> ids = List.copyOf(toRead);
                toRead.removeAll(ids);
                io.execute(() -> {
                    try {
                        current.receipt("read", ids);
                    } catch (RuntimeException e) {
                        log.debug("{} could not mark {} read: {}", user.userId(), ids.size(), e.toString());
                    }
                });
            }
        }

        private void reconnect() {
            try {
                for (int attempt = 0; attempt < gateways.size(); attempt++) {
                    gateway = (gateway + 1) % gateways.size();
                    try {
                        connect();
                        reconnects.incrementAndGet();
                        log.debug("{} reconnected to gateway {}; sending {} again", user.userId(), gateway + 1,
                                unacknowledged.size());
                        unacknowledged.forEach(this::transmit);
                        return;
                    } catch (RuntimeException e) {
                        log.debug("{} could not reconnect to gateway {}: {}", user.userId(), gateway + 1, e.toString());
                    }
                }
            } finally {
                reconnecting.set(false);
            }
        }
    }
}
