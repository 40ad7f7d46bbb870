package io.turnout.proxy.replica;

import io.turnout.proxy.config.ReplicaConfig;
import io.turnout.proxy.control.ReplicaReading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One configured replica (or primary): polls it through its probe and keeps the last readings, counting the polls in
 * a row that measured no lag for each replica seen.
 */
final class ReplicaWatch {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaWatch.class);

    private final ReplicaConfig config;
    private final DataSource pool;
    private final LagProbe probe;
    private final Clock clock;
    private final int queryTimeoutSeconds;
    private final Map<String, Integer> failures = new HashMap<>();
    private volatile List<ReplicaReading> readings;

    ReplicaWatch(ReplicaConfig config, DataSource pool, LagProbe probe, Clock clock) {
        this.config = config;
        this.pool = pool;
        this.probe = probe;
        this.clock = clock;
        this.queryTimeoutSeconds = (int) Math.max(1, config.pollInterval().multipliedBy(4).toSeconds());
        this.readings = List.of(new ReplicaReading(config.name(), ReplicaReading.Status.PENDING, -1, 0,
                config.failuresBeforeBreach(), "not polled yet", clock.instant()));
    }

    ReplicaConfig config() {
        return config;
    }

    List<ReplicaReading> readings() {
        return readings;
    }

    /** One poll; never throws (a failure is a reading). Called from one thread at a time. */
    void poll() {
        List<LagProbe.Observation> seen;
        try (Connection c = pool.getConnection()) {
            c.setNetworkTimeout(Runnable::run, queryTimeoutSeconds * 1000);
            seen = probe.poll(c);
        } catch (SQLException | RuntimeException e) {
            Throwable cause = e.getCause();
            seen = List.of(LagProbe.Observation.failed(null, ReplicaReading.Status.UNREACHABLE,
                    "poll failed: " + e.getMessage() + (cause == null ? "" : " (" + cause.getMessage() + ")")));
        }
        List<ReplicaReading> next = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (LagProbe.Observation o : seen) {
            String name = o.suffix() == null ? config.name() : config.name() + "/" + o.suffix();
            int f = o.status() == ReplicaReading.Status.OK ? 0 : failures.getOrDefault(name, 0) + 1;
            counts.put(name, f);
            next.add(new ReplicaReading(name, o.status(), o.lagMillis(), f, config.failuresBeforeBreach(),
                    o.detail(), clock.instant()));
        }
        logChanges(next);
        failures.clear();
        failures.putAll(counts);
        readings = List.copyOf(next);
    }

    private void logChanges(List<ReplicaReading> next) {
        Map<String, ReplicaReading.Status> before = new HashMap<>();
        readings.forEach(r -> before.put(r.replica(), r.status()));
        for (ReplicaReading r : next) {
            if (before.get(r.replica()) != r.status() && r.status() != ReplicaReading.Status.OK) {
                LOG.warn("replica {}: {} ({})", r.replica(), r.status(), r.detail());
            } else if (before.get(r.replica()) != r.status()) {
                LOG.info("replica {}: measured, lag {} ms", r.replica(), r.lagMillis());
            }
        }
    }
}
