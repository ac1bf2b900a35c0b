package dev.courier.gateway.websocket;

/**
 * A token bucket: holds up to {@code capacity} tokens, refills at {@code perSecond}, starts full. Times are
 * {@link System#nanoTime()} readings passed in, so tests need no clock. Thread-safe. Public for the REST edge's
 * limits ({@code edge.RestRateLimit}).
 */
public final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double capacity, double perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes {@code amount} tokens if the bucket has them; takes nothing otherwise. */
    public synchronized boolean tryTake(double amount, long nowNanos) {
        refill(nowNanos);
        if (tokens < amount) {
            return false;
        }
        tokens -= amount;
        return true;
    }

    /** Full again: nothing taken lately, so forgetting the bucket changes nothing. */
    public synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    /** Nanoseconds until the bucket holds {@code amount} tokens (0 if it does now; at most a full refill). */
    public synchronized long nanosUntil(double amount, long nowNanos) {
        refill(nowNanos);
        double missing = Math.min(amount, capacity) - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / perNano);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            lastNanos = nowNanos;
        }
    }
}
