package dev.courier.testkit.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a run against the delivery promises of the client contract, from what the simulated clients saw: what each
 * sent (id, intended recipients), the {@code sent} receipts (seq), every {@code message} frame each device got (in
 * arrival order, duplicates included) and the {@code delivered}/{@code read} receipts each sender device got (in
 * arrival order). {@link #report()} then lists lost messages, sends never acknowledged, duplicates a client would
 * show even after dropping copies by id, order violations, receipts that went backwards, and messages shown to
 * someone who was not a recipient.
 *
 * <p>A device is named by its user and a label of the caller's choosing; a device that reconnects keeps its label,
 * so a message redelivered after a reconnect counts as a copy, not a new message. Only users are recipients: any
 * device of a recipient user showing the message delivers it, and the sender's own other devices may show it too.
 *
 * <p>Plain Java, thread-safe (every method synchronised): feed it from the clients' reading threads or afterwards.
 */
public final class DeliveryChecker {

    /** A {@code message} frame as a device got it; {@code body} is whatever text stands for the body. */
    public record Shown(String id, String conversationId, String from, long seq, String body) {
    }

    private record Send(String sender, Set<String> recipients) {
    }

    private record Receipt(String messageId, String status, String by) {
    }

    private record Device(String user, String label) {
        @Override
        public String toString() {
            return user + "/" + label;
        }
    }

    private final Map<String, Send> sends = new LinkedHashMap<>();
    private final Map<String, Set<Long>> sentSeqs = new HashMap<>();
    private final Map<String, String> sentConversations = new HashMap<>();
    private final Map<Device, List<Shown>> shown = new LinkedHashMap<>();
    private final Map<String, Set<String>> deliveredTo = new HashMap<>();
    private final Map<Device, List<Receipt>> receipts = new LinkedHashMap<>();

    /** A message {@code sender} sent; {@code recipients} are users (the sender, if listed, is ignored). */
    public synchronized void sent(String sender, String messageId, Collection<String> recipients) {
        Set<String> others = new LinkedHashSet<>(recipients);
        others.remove(sender);
        Send previous = sends.putIfAbsent(messageId, new Send(sender, others));
        if (previous != null && !previous.recipients().equals(others)) {
            throw new IllegalArgumentException("Message " + messageId + " recorded twice with other recipients");
        }
    }

    /** The {@code sent} receipt for {@code messageId}: durably stored as {@code seq} of {@code conversationId}. */
    public synchronized void sentReceipt(String messageId, String conversationId, long seq) {
        sentSeqs.computeIfAbsent(messageId, id -> new LinkedHashSet<>()).add(seq);
        sentConversations.putIfAbsent(messageId, conversationId);
    }

    /** A {@code message} frame that device {@code label} of {@code user} got, in the order it got them. */
    public synchronized void received(String user, String label, Shown message) {
        shown.computeIfAbsent(new Device(user, label), d -> new ArrayList<>()).add(message);
        deliveredTo.computeIfAbsent(message.id(), id -> new HashSet<>()).add(user);
    }

    /**
     * A {@code delivered} or {@code read} receipt that device {@code label} of {@code user} (a sender) got;
     * {@code by} is the recipient, or null for a group's {@code all:true} receipt.
     */
    public synchronized void receipt(String user, String label, String messageId, String status, String by) {
        receipts.computeIfAbsent(new Device(user, label), d -> new ArrayList<>())
                .add(new Receipt(messageId, status.toLowerCase(java.util.Locale.ROOT), by));
    }

    /** Sends without their {@code sent} receipt, plus (acknowledged message, recipient) pairs not yet shown. */
    public synchronized int pending() {
        int pending = 0;
        for (Map.Entry<String, Send> send : sends.entrySet()) {
            if (!sentSeqs.containsKey(send.getKey())) {
                pending++;
                continue;
            }
            Set<String> got = deliveredTo.getOrDefault(send.getKey(), Set.of());
            for (String recipient : send.getValue().recipients()) {
                if (!got.contains(recipient)) {
                    pending++;
                }
            }
        }
        return pending;
    }

    /** Ids of the sends not yet finished: no {@code sent} receipt yet, or some recipient has not shown them. */
    public synchronized Set<String> unfinished() {
        Set<String> unfinished = new LinkedHashSet<>();
        sends.forEach((id, send) -> {
            if (!sentSeqs.containsKey(id)
                    || !deliveredTo.getOrDefault(id, Set.of()).containsAll(send.recipients())) {
                unfinished.add(id);
            }
        });
        return unfinished;
    }

    public synchronized int sends() {
        return sends.size();
    }

    public synchronized DeliveryReport report() {
        List<String> lost = new ArrayList<>();
        List<String> unacknowledged = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> order = new ArrayList<>();
        List<String> backwards = new ArrayList<>();
        List<String> misdelivered = new ArrayList<>();

        sentSeqs.forEach((id, seqs) -> {
            if (seqs.size() > 1) {
                duplicates.add(id + " stored twice: sent receipts with seqs " + seqs);
            }
        });
        shown.forEach((device, frames) -> checkDevice(device, frames, duplicates, order, misdelivered));

        int deliveries = 0;
        int acknowledged = 0;
        for (Map.Entry<String, Send> entry : sends.entrySet()) {
            String id = entry.getKey();
            Send send = entry.getValue();
            Set<String> got = deliveredTo.getOrDefault(id, Set.of());
            if (!sentSeqs.containsKey(id)) {
                unacknowledged.add(id + " from " + send.sender() + ": no sent receipt"
                        + (got.isEmpty() ? "" : " (yet shown to " + got + ")"));
                continue;
            }
            acknowledged++;
            for (String recipient : send.recipients()) {
                if (got.contains(recipient)) {
                    deliveries++;
                } else {
                    lost.add(id + " from " + send.sender() + " to " + recipient + " (" + sentConversations.get(id)
                            + " seq " + sentSeqs.get(id) + ")");
                }
            }
        }
        receipts.forEach((device, seen) -> checkReceipts(device, seen, backwards));
        return new DeliveryReport(sends.size(), acknowledged, deliveries, lost, unacknowledged, duplicates, order,
                backwards, misdelivered);
    }

    private void checkDevice(Device device, List<Shown> frames, List<String> duplicates, List<String> order,
                             List<String> misdelivered) {
        Map<String, Shown> firstCopies = new LinkedHashMap<>();
        Map<String, Shown> lastShownInConversation = new HashMap<>();
        for (Shown frame : frames) {
            Shown first = firstCopies.putIfAbsent(frame.id(), frame);
            if (first != null) {
                if (!first.equals(frame)) {
                    duplicates.add(device + " got " + frame.id() + " twice, differing: " + first + " then " + frame);
                }
                continue;
            }
            Send send = sends.get(frame.id());
            if (send == null) {
                misdelivered.add(device + " got " + frame.id() + ", which nobody sent");
            } else if (!send.recipients().contains(device.user()) && !send.sender().equals(device.user())) {
                misdelivered.add(device + " got " + frame.id() + " from " + send.sender() + ", meant for "
                        + send.recipients());
            }
            Set<Long> seqs = sentSeqs.get(frame.id());
            if (seqs != null && !seqs.contains(frame.seq())) {
                duplicates.add(frame.id() + " shown to " + device + " as seq " + frame.seq()
                        + " but its sent receipt said " + seqs);
            }
            Shown previous = lastShownInConversation.put(frame.conversationId(), frame);
            if (previous != null && frame.seq() <= previous.seq()) {
                order.add(device + " in " + frame.conversationId() + ": seq " + frame.seq() + " (" + frame.id()
                        + ") shown after seq " + previous.seq() + " (" + previous.id() + ")");
                lastShownInConversation.put(frame.conversationId(), previous);
            }
        }
    }

    private static void checkReceipts(Device device, List<Receipt> seen, List<String> backwards) {
        Set<String> read = new HashSet<>();
        for (Receipt receipt : seen) {
            String key = receipt.messageId() + " by " + Objects.requireNonNullElse(receipt.by(), "all");
            if (receipt.status().equals("read")) {
                read.add(key);
            } else if (receipt.status().equals("delivered") && read.contains(key)) {
                backwards.add(device + " got delivered for " + key + " after read");
            }
        }
    }
}
