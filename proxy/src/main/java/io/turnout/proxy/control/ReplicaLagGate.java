package io.turnout.proxy.control;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The replicas the breaker watches: their last readings, judged against each migration's
 * {@link Thresholds#maxReplicaLag()}. One gate serves every migration, since a lagging replica lags for all of them.
 */
public interface ReplicaLagGate {

    /** No replicas configured: the gate always holds. */
    ReplicaLagGate NONE = List::of;

    /** The last reading of every watched replica, in configuration order. */
    List<ReplicaReading> readings();

    /** The largest measured lag, or -1 when no replica has been measured. */
    default long worstLagMillis() {
        return readings().stream().filter(r -> r.status() == ReplicaReading.Status.OK)
                .mapToLong(ReplicaReading::lagMillis).max().orElse(-1);
    }

    /** Why reads must flip back, naming every breaching replica, or empty; a zero threshold turns the gate off. */
    default Optional<String> breach(Duration maxLag) {
        if (maxLag == null || maxLag.isZero()) {
            return Optional.empty();
        }
        long max = maxLag.toMillis();
        List<String> why = readings().stream().filter(r -> r.breaches(max)).map(r -> r.describe(max)).toList();
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }
}
