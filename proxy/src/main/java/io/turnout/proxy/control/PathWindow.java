package io.turnout.proxy.control;

import org.HdrHistogram.Histogram;

import java.time.Duration;

/**
 * Statements, errors and latencies of one path (old or new shape) of one migration over a sliding window, kept as a
 * ring of one-second buckets so old figures fall out without a sweep.
 *
 * <p>The window's latencies are also kept added up as they are recorded, and a bucket is taken out of that sum once,
 * when it leaves the window. A breaker round (five a second) then reads the p95 off the sum instead of adding up
 * every bucket again: with a bucket per second of a 30-second window that was 30 histogram additions per path and
 * round, done under the lock the event loop takes to record each statement. The ring holds {@link #SPARE} buckets
 * more than the window, so a bucket has left the window (and been taken out by a round) before its slot is reused;
 * when no round came in between, the reuse takes it out itself.
 */
final class PathWindow {

    private static final long MAX_LATENCY_MICROS = Duration.ofMinutes(10).toNanos() / 1000;
    private static final int SPARE = 2;

    private final int seconds;
    private final long[] bucketSecond;
    private final long[] count;
    private final long[] errors;
    private final Histogram[] latency;
    /** Whether bucket i is counted in {@link #sum}: recorded into, and not yet out of the window. */
    private final boolean[] summed;
    /** The latencies of every bucket {@link #summed}. */
    private final Histogram sum = new Histogram(MAX_LATENCY_MICROS, 2);

    PathWindow(Duration window) {
        seconds = (int) Math.max(1, window.toSeconds());
        int slots = seconds + SPARE;
        bucketSecond = new long[slots];
        count = new long[slots];
        errors = new long[slots];
        summed = new boolean[slots];
        latency = new Histogram[slots];
        for (int i = 0; i < slots; i++) {
            latency[i] = new Histogram(MAX_LATENCY_MICROS, 2);
            bucketSecond[i] = -1;
        }
    }

    synchronized void record(long epochSecond, long latencyMicros, boolean error) {
        int i = slot(epochSecond);
        if (i < 0) {
            return; // a second the window has left already
        }
        count[i]++;
        if (error) {
            errors[i]++;
        }
        long v = Math.min(Math.max(0, latencyMicros), MAX_LATENCY_MICROS);
        latency[i].recordValue(v);
        sum.recordValue(v);
    }

    /** Figures over the window ending at {@code epochSecond}: its buckets from {@code epochSecond - seconds + 1} on. */
    synchronized Figures figures(long epochSecond) {
        long n = 0;
        long e = 0;
        for (int i = 0; i < bucketSecond.length; i++) {
            if (!summed[i]) {
                continue;
            }
            if (bucketSecond[i] <= epochSecond - seconds) {
                takeOut(i); // left the window
            } else {
                n += count[i];
                e += errors[i];
            }
        }
        return new Figures(n, e, n == 0 ? 0 : sum.getValueAtPercentile(95));
    }

    /** The bucket of {@code epochSecond}, made current if need be; -1 when that second has left the window. */
    private int slot(long epochSecond) {
        int i = (int) Math.floorMod(epochSecond, (long) bucketSecond.length);
        if (bucketSecond[i] > epochSecond || (bucketSecond[i] == epochSecond && !summed[i])) {
            return -1;
        }
        if (bucketSecond[i] != epochSecond) {
            if (summed[i]) {
                takeOut(i); // no round since it left the window
            }
            bucketSecond[i] = epochSecond;
            count[i] = 0;
            errors[i] = 0;
            latency[i].reset();
            summed[i] = true;
        }
        return i;
    }

    private void takeOut(int i) {
        sum.subtract(latency[i]);
        summed[i] = false;
    }

    /** Window totals of one path. */
    record Figures(long statements, long errors, long p95Micros) {
        double errorRate() {
            return statements == 0 ? 0 : (double) errors / statements;
        }
    }
}
