package io.turnout.proxy.control;

import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;

import java.time.Instant;

/**
 * Everything the proxy knows about one migration at run time. Immutable; every change makes a new one with
 * {@code version + 1}, which is also the optimistic-concurrency token of the admin API.
 *
 * @param readPercent    in {@link Phase#LIVE}: share of reads (0..100) served from the new shape
 * @param comparePercent share of reads (0..100) whose other shape is read too and compared (shadow and live)
 */
public record MigrationState(MigrationSpec spec, Phase phase, double readPercent, double comparePercent,
                             BreakerState breaker, RampState ramp, Thresholds thresholds, long version,
                             Instant updatedAt) {

    public String id() {
        return spec.id();
    }

    /** The read percentage actually in force: a tripped breaker forces every read back to the old shape. */
    public double effectiveReadPercent() {
        return switch (phase) {
            case OFF, DUAL_WRITE, SHADOW -> 0;
            case LIVE -> breaker.tripped() ? 0 : readPercent;
            case RAMPDOWN, COMPLETE -> 100;
        };
    }

    /** Compare reads run in shadow and live, never while the breaker is tripped. */
    public double effectiveComparePercent() {
        return (phase == Phase.SHADOW || phase == Phase.LIVE) && !breaker.tripped() ? comparePercent : 0;
    }

    MigrationState next(Phase p, double read, double compare, BreakerState b, RampState r, Instant now) {
        return new MigrationState(spec.withPhase(p), p, read, compare, b, r, thresholds, version + 1, now);
    }
}
