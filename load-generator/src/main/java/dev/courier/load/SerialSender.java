package dev.courier.load;

import dev.courier.client.CourierConnection;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one connection's frames in the order given without holding up the open loop's schedule
 * ({@link CourierConnection#sendAsync} queues each behind the last), counting those that could not be written.
 */
final class SerialSender {

    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private final CourierConnection connection;
    private final AtomicLong failures;

    /** @param failures counts frames that could not be written (a closed socket) */
    SerialSender(CourierConnection connection, AtomicLong failures) {
        // The workloads see frames through observers: the connection need not keep them.
        this.connection = connection.keepFrames(0);
        this.failures = failures;
    }

    CourierConnection connection() {
        return connection;
    }

    void send(String frame) {
        connection.sendAsync(frame).whenComplete((sent, failure) -> {
            if (failure != null) {
                failures.incrementAndGet();
            }
        });
    }

    /** Runs {@code task} on a virtual thread (blocking HTTP calls of the media workload). */
    static void async(Runnable task) {
        THREADS.execute(task);
    }

    /** A {@code send} frame of a text message to a user (ids are UUIDs and user ids: nothing to escape). */
    static String textToUser(String id, String userId, String text) {
        return "{\"type\":\"send\",\"id\":\"" + id + "\",\"to\":{\"user\":\"" + userId + "\"},\"body\":{\"text\":\""
                + text + "\"}}";
    }

    static String textToGroup(String id, String groupId, String text) {
        return "{\"type\":\"send\",\"id\":\"" + id + "\",\"to\":{\"group\":\"" + groupId + "\"},\"body\":{\"text\":\""
                + text + "\"}}";
    }

    /** A {@code receipt delivered} for one message, as a client sends once it has stored it. */
    static String delivered(String messageId) {
        return "{\"type\":\"receipt\",\"status\":\"delivered\",\"messageIds\":[\"" + messageId + "\"]}";
    }

    /**
     * Connects a receiving device that acknowledges every {@code message} through its own {@link SerialSender}
     * (rather than the client's auto-acknowledgement, which hops through the shared ForkJoin pool: one thread on a
     * two-core machine, for every connection of the process). {@code observer} sees each frame first.
     */
    static CourierConnection receiver(dev.courier.client.CourierClient gateway, String accessToken,
                                      java.util.function.Consumer<CourierConnection.ReceivedFrame> observer,
                                      AtomicLong failures) {
        SerialSender[] acks = new SerialSender[1];
        CourierConnection connection = gateway.connect(accessToken).autoAckDelivered(false).keepFrames(0).onFrame(frame -> {
            observer.accept(frame);
            if (frame.frame() instanceof dev.courier.contracts.frames.MessageFrame message) {
                SerialSender sender = acks[0];
                if (sender != null) {
                    sender.send(delivered(message.id()));
                }
            }
        });
        acks[0] = new SerialSender(connection, failures);
        return connection;
    }

    static String imageToUser(String id, String userId, String mediaId, String caption) {
        return "{\"type\":\"send\",\"id\":\"" + id + "\",\"to\":{\"user\":\"" + userId + "\"},\"body\":{\"image\":"
                + "{\"mediaId\":\"" + mediaId + "\",\"caption\":\"" + caption + "\"}}}";
    }
}
