package io.turnout.proxy.control;

import io.turnout.routing.model.Shape;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sliding-window figures of one migration that the breaker judges: each path's statements, errors and p95
 * latency, confirmed compare mismatches, and the last replica lag seen.
 */
public final class BreakerWindow {

    /**
     * A p95 regression must also be this large in absolute terms: on sub-millisecond loopback reads, scheduling noise
     * alone moves p95 by more than 10%, and a breaker that trips on noise teaches operators to ignore it.
     */
    static final long P95_NOISE_FLOOR_MICROS = 500;

    private final Clock clock;
    private final Duration window;
    private final PathWindow oldPath;
    private final PathWindow newPath;
    private final PathWindow diffs;
    private final AtomicLong replicaLagMillis = new AtomicLong(-1);

    public BreakerWindow(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
        this.oldPath = new PathWindow(window);
        this.newPath = new PathWindow(window);
        this.diffs = new PathWindow(window);
    }

    public void recordStatement(Shape path, long latencyMicros, boolean error) {
        // the epoch second from millis: no Instant per statement
        (path == Shape.NEW ? newPath : oldPath).record(Math.floorDiv(clock.millis(), 1000L), latencyMicros, error);
    }

    public void recordConfirmedDiff() {
        diffs.record(clock.instant().getEpochSecond(), 0, true);
    }

    public void recordReplicaLag(Duration lag) {
        replicaLagMillis.set(lag.toMillis());
    }

    /** The window's figures, for the admin API and the breaker's audit event. */
    public Summary summary() {
        long now = clock.instant().getEpochSecond();
        PathWindow.Figures o = oldPath.figures(now);
        PathWindow.Figures n = newPath.figures(now);
        return new Summary(window.toSeconds(), o.statements(), o.errors(), o.p95Micros(), n.statements(), n.errors(),
                n.p95Micros(), diffs.figures(now).errors(), replicaLagMillis.get());
    }

    /**
     * Why the breaker must trip now, or empty when every figure of the window is within its threshold. Replica lag is
     * judged by the {@link ReplicaLagGate}, which names the replica; the window only carries the worst lag seen.
     */
    public Optional<String> breach(Thresholds t) {
        Summary s = summary();
        if (s.newStatements() >= t.minSamples()) {
            double rate = (double) s.newErrors() / s.newStatements();
            if (rate > t.maxErrorRate()) {
                return Optional.of(String.format(Locale.ROOT, "new-path error rate %.2f%% is above %.2f%% (%d of %d "
                        + "statements in %d s)", rate * 100, t.maxErrorRate() * 100, s.newErrors(),
                        s.newStatements(), s.windowSeconds()));
            }
            if (s.oldStatements() >= t.minSamples() && s.oldP95Micros() > 0
                    && s.newP95Micros() > s.oldP95Micros() * t.maxP95Ratio()
                    && s.newP95Micros() - s.oldP95Micros() > P95_NOISE_FLOOR_MICROS) {
                return Optional.of(String.format(Locale.ROOT, "new-path p95 %.2f ms is more than %.0f%% above the "
                        + "old path's %.2f ms (%d and %d statements in %d s)", s.newP95Micros() / 1000.0,
                        (t.maxP95Ratio() - 1) * 100, s.oldP95Micros() / 1000.0, s.newStatements(),
                        s.oldStatements(), s.windowSeconds()));
            }
        }
        if (s.confirmedDiffs() > t.maxConfirmedDiffs()) {
            return Optional.of(s.confirmedDiffs() + " confirmed compare mismatch(es) in " + s.windowSeconds()
                    + " s (at most " + t.maxConfirmedDiffs() + " allowed)");
        }
        return Optional.empty();
    }

    /** Window figures of both paths. Latencies in microseconds; replica lag -1 when never measured. */
    public record Summary(long windowSeconds, long oldStatements, long oldErrors, long oldP95Micros,
                          long newStatements, long newErrors, long newP95Micros, long confirmedDiffs,
                          long replicaLagMillis) {
    }
}
