package io.turnout.proxy.compare;

import java.util.function.LongSupplier;

/**
 * How many compare samples a proxy may start per second: a token bucket refilled at {@code maxPerSecond} and holding
 * at most a tenth of a second's worth (at least one), so that a burst of sampled reads cannot pile work onto a
 * database that is already busy serving the clients. A sample refused here is dropped and counted, like one that
 * finds the queue full; the client's statement is never touched.
 */
public final class CompareBudget {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double maxPerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    /** @param maxPerSecond samples per second; 0 admits none, {@link Double#POSITIVE_INFINITY} admits every one */
    public CompareBudget(double maxPerSecond, LongSupplier nanoTime) {
        if (!(maxPerSecond >= 0)) {
            throw new IllegalArgumentException("compare samples per second must be 0 or more, got " + maxPerSecond);
        }
        this.maxPerSecond = maxPerSecond;
        this.burst = Math.max(1, maxPerSecond / 10);
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.refilledAt = nanoTime.getAsLong();
    }

    public static CompareBudget perSecond(double maxPerSecond) {
        return new CompareBudget(maxPerSecond, System::nanoTime);
    }

    public double maxPerSecond() {
        return maxPerSecond;
    }

    /** Takes one sample's worth of budget if there is one. */
    public synchronized boolean tryAcquire() {
        if (maxPerSecond == Double.POSITIVE_INFINITY) {
            return true;
        }
        if (maxPerSecond == 0) {
            return false;
        }
        long now = nanoTime.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * maxPerSecond / NANOS_PER_SECOND);
            refilledAt = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
