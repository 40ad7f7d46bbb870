package io.turnout.proxy.replica;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.turnout.proxy.config.ReplicaConfig;
import io.turnout.proxy.control.ReplicaLagGate;
import io.turnout.proxy.control.ReplicaReading;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls every configured replica on its own HikariCP side connection (one per replica, kept open), each on its
 * own interval and thread so a hung server delays no other, and serves the last readings to the breaker loop.
 */
public final class ReplicaMonitor implements ReplicaLagGate, AutoCloseable {

    private final List<ReplicaWatch> watches;
    private final List<HikariDataSource> pools;
    private ScheduledExecutorService timer;

    private ReplicaMonitor(List<ReplicaWatch> watches, List<HikariDataSource> pools) {
        this.watches = watches;
        this.pools = pools;
    }

    /** Opens a pool per replica (connecting lazily: an unreachable replica is a reading, not a start-up error). */
    public static ReplicaMonitor open(List<ReplicaConfig> replicas, Clock clock) {
        List<ReplicaWatch> watches = new ArrayList<>();
        List<HikariDataSource> pools = new ArrayList<>();
        for (ReplicaConfig r : replicas) {
            HikariDataSource pool = pool(r);
            pools.add(pool);
            watches.add(new ReplicaWatch(r, pool, probe(r), clock));
        }
        return new ReplicaMonitor(List.copyOf(watches), List.copyOf(pools));
    }

    private static LagProbe probe(ReplicaConfig r) {
        if (r.mysql()) {
            return new MySqlReplicaProbe();
        }
        return r.role() == ReplicaConfig.Role.PRIMARY ? new PgPrimaryProbe(r.expectReplicas())
                : new PgStandbyProbe(() -> System.nanoTime() / 1_000_000);
    }

    /**
     * One connection, held open so a poll is one round trip; waiting for it at most twice the poll interval
     * (within 250 ms .. 5 s), so an unreachable replica fails fast and counts toward its breach.
     */
    private static HikariDataSource pool(ReplicaConfig r) {
        long wait = Math.min(5_000, Math.max(250, r.pollInterval().toMillis() * 2));
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(r.url());
        hc.setUsername(r.user());
        hc.setPassword(r.password());
        hc.setMaximumPoolSize(1);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(wait);
        hc.setValidationTimeout(Math.min(wait, 1_000));
        hc.setInitializationFailTimeout(-1);
        hc.setPoolName("turnout-replica-" + r.name());
        return new HikariDataSource(hc);
    }

    /** Starts polling every replica at its interval. */
    public synchronized ReplicaMonitor start() {
        if (timer == null && !watches.isEmpty()) {
            timer = Executors.newScheduledThreadPool(watches.size(), r -> {
                Thread t = new Thread(r, "turnout-replica-poll");
                t.setDaemon(true);
                return t;
            });
            for (ReplicaWatch w : watches) {
                long every = w.config().pollInterval().toMillis();
                timer.scheduleWithFixedDelay(w::poll, 0, every, TimeUnit.MILLISECONDS);
            }
        }
        return this;
    }

    /** Polls every replica once, now, on the caller's thread (for tests and {@code --check}). */
    public void pollOnce() {
        watches.forEach(ReplicaWatch::poll);
    }

    @Override
    public List<ReplicaReading> readings() {
        List<ReplicaReading> all = new ArrayList<>();
        watches.forEach(w -> all.addAll(w.readings()));
        return all;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
        pools.forEach(HikariDataSource::close);
    }
}
