package dev.courier.testkit.delivery;

import java.util.List;

/**
 * What a {@link DeliveryChecker} found in one run. Each list holds one readable line per finding; a clean run has
 * all of them empty.
 *
 * @param sends             messages the clients sent
 * @param acknowledged      of those, the ones that got a {@code sent} receipt
 * @param deliveries        distinct (message, recipient) pairs some device of the recipient showed
 * @param lost              a {@code sent} receipt came, but an intended recipient never got the message
 * @param unacknowledged    a send that never got its {@code sent} receipt
 * @param duplicates        one id that a client would show twice: two copies that differ (seq, body, conversation,
 *                          sender), or one id stored under two seqs
 * @param orderViolations   per device and conversation, a message shown after one with a higher or equal seq
 * @param receiptsBackwards per sender device, a {@code delivered} receipt after the {@code read} one for the same
 *                          message and recipient
 * @param misdelivered      a message shown to a user who was neither a recipient nor its sender, or one nobody sent
 */
public record DeliveryReport(
        int sends,
        int acknowledged,
        int deliveries,
        List<String> lost,
        List<String> unacknowledged,
        List<String> duplicates,
        List<String> orderViolations,
        List<String> receiptsBackwards,
        List<String> misdelivered) {

    private static final int SHOWN_PER_KIND = 10;

    public DeliveryReport {
        lost = List.copyOf(lost);
        unacknowledged = List.copyOf(unacknowledged);
        duplicates = List.copyOf(duplicates);
        orderViolations = List.copyOf(orderViolations);
        receiptsBackwards = List.copyOf(receiptsBackwards);
        misdelivered = List.copyOf(misdelivered);
    }

    public boolean isClean() {
        return lost.isEmpty() && unacknowledged.isEmpty() && duplicates.isEmpty() && orderViolations.isEmpty()
                && receiptsBackwards.isEmpty() && misdelivered.isEmpty();
    }

    /** A summary line with the counts, then up to ten findings of each kind. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.format(
                "%d sends (%d acknowledged), %d deliveries: %d lost, %d unacknowledged, %d duplicates, "
                        + "%d order violations, %d receipts backwards, %d misdelivered",
                sends, acknowledged, deliveries, lost.size(), unacknowledged.size(), duplicates.size(),
                orderViolations.size(), receiptsBackwards.size(), misdelivered.size()));
        append(text, "lost", lost);
        append(text, "unacknowledged", unacknowledged);
        append(text, "duplicate", duplicates);
        append(text, "order", orderViolations);
        append(text, "receipt backwards", receiptsBackwards);
        append(text, "misdelivered", misdelivered);
        return text.toString();
    }

    private static void append(StringBuilder text, String kind, List<String> findings) {
        findings.stream().limit(SHOWN_PER_KIND).forEach(f -> text.append("\n  ").append(kind).append(": ").append(f));
        if (findings.size() > SHOWN_PER_KIND) {
            text.append("\n  … and ").append(findings.size() - SHOWN_PER_KIND).append(" more ").append(kind);
        }
    }
}
