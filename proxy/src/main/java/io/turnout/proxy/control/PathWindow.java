package io.turnout.proxy.control;

import org.HdrHistogram.Histogram;

import java.time.Duration;

/**
 * Statements, errors and latencies of one path (old or new shape) of one migration over a sliding window, kept as a
 * ring of one-second buckets so old figures fall out without a sweep.
 */
final class PathWindow {

    private static final long MAX_LATENCY_MICROS = Duration.ofMinutes(10).toNanos() / 1000;

    private final int seconds;
    private final long[] bucketSecond;
    private final long[] count;
    private final long[] errors;
    private final Histogram[] latency;
    /** The window's buckets added up, reused by every {@link #figures} (five breaker rounds a second). */
    private final Histogram sum = new Histogram(MAX_LATENCY_MICROS, 2);

    PathWindow(Duration window) {
        seconds = (int) Math.max(1, window.toSeconds());
        bucketSecond = new long[seconds];
        count = new long[seconds];
        errors = new long[seconds];
        latency = new Histogram[seconds];
        for (int i = 0; i < seconds; i++) {
            latency[i] = new Histogram(MAX_LATENCY_MICROS, 2);
            bucketSecond[i] = -1;
        }
    }

    synchronized void record(long epochSecond, long latencyMicros, boolean error) {
        int i = slot(epochSecond);
        count[i]++;
        if (error) {
            errors[i]++;
        }
        latency[i].recordValue(Math.min(Math.max(0, latencyMicros), MAX_LATENCY_MICROS));
    }

    /** Figures over the window ending at {@code epochSecond}. */
    synchronized Figures figures(long epochSecond) {
        long n = 0;
        long e = 0;
        sum.reset();
        for (int i = 0; i < seconds; i++) {
            if (bucketSecond[i] > epochSecond - seconds && bucketSecond[i] <= epochSecond && count[i] > 0) {
                n += count[i];
                e += errors[i];
                sum.add(latency[i]); // an empty second adds nothing: skipped
            }
        }
        return new Figures(n, e, n == 0 ? 0 : sum.getValueAtPercentile(95));
    }

    private int slot(long epochSecond) {
        int i = (int) Math.floorMod(epochSecond, (long) seconds);
        if (bucketSecond[i] != epochSecond) {
            bucketSecond[i] = epochSecond;
            count[i] = 0;
            errors[i] = 0;
            latency[i].reset();
        }
        return i;
    }

    /** Window totals of one path. */
    record Figures(long statements, long errors, long p95Micros) {
        double errorRate() {
            return statements == 0 ? 0 : (double) errors / statements;
        }
    }
}
