package io.turnout.proxy.config;

/**
 * How much compare work one proxy may do (the {@code admin.compare} section): at most {@code maxPerSecond} samples
 * started per second, at most {@code queue} waiting for a side connection. Samples beyond either are dropped and
 * counted ({@code turnout_compare_samples{state="dropped"}}), so compare load never queues behind a busy database.
 */
public record CompareLimits(double maxPerSecond, int queue) {

    /** Measured on 2 cores: see docs/design.md, "Compare load budget". */
    public static final CompareLimits DEFAULTS = new CompareLimits(100, 16);

    public CompareLimits {
        if (!(maxPerSecond >= 0) || Double.isInfinite(maxPerSecond)) {
            throw new IllegalArgumentException("maxPerSecond must be 0 or more, got " + maxPerSecond);
        }
        if (queue < 1) {
            throw new IllegalArgumentException("queue must be at least 1, got " + queue);
        }
    }
}
