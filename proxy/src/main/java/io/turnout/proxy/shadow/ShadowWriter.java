package io.turnout.proxy.shadow;

import io.turnout.routing.sql.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays writes on other servers asynchronously, on the proxy's own connections: one bounded queue and one worker per
 * server, so writes reach a server in the order their transactions committed through the proxy (and so in order per
 * transaction and per key). Each client transaction is one unit, applied in one transaction on the target. A full
 * queue drops the unit and a failing one is rolled back; both are counted per migration, and neither ever touches
 * the client, which already has its answer.
 */
public final class ShadowWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowWriter.class);

    /** One statement to replay: the migration it keeps in step, its text and its parameter values. */
    public record Replay(String migrationId, String server, String sql, List<Object> values) {
        public Replay {
            values = values == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** Counts of one migration's shadow writes since start; depth is what waits in the queues now. */
    public record Stats(long applied, long failed, long dropped, long depth) {
    }

    private static final class Counters {
        final AtomicLong applied = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong depth = new AtomicLong();
    }

    private final Dialect dialect;
    private final Map<String, BlockingQueue<List<Replay>>> queues = new ConcurrentHashMap<>();
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    /** @param servers the target servers by name (the spec's {@code target}) */
    public ShadowWriter(Dialect dialect, Map<String, DataSource> servers, int queueCapacity) {
        this.dialect = dialect;
        servers.forEach((name, ds) -> {
            BlockingQueue<List<Replay>> q = new ArrayBlockingQueue<>(queueCapacity);
            queues.put(name, q);
            Thread t = new Thread(() -> drain(ds, q), "turnout-shadow-" + name);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        });
    }

    /** Queues one committed client transaction's writes; never blocks. */
    public void submit(List<Replay> unit) {
        Map<String, List<Replay>> byServer = new java.util.LinkedHashMap<>();
        unit.forEach(r -> byServer.computeIfAbsent(r.server(), s -> new ArrayList<>()).add(r));
        byServer.forEach((server, replays) -> {
            BlockingQueue<List<Replay>> q = queues.get(server);
            if (q == null || !q.offer(replays)) {
                replays.forEach(r -> of(r.migrationId()).dropped.incrementAndGet());
                if (q == null) {
                    LOG.warn("shadow write dropped: no server named '{}' is configured (targets:)", server);
                }
                return;
            }
            replays.forEach(r -> of(r.migrationId()).depth.incrementAndGet());
        });
    }

    /** Counts a write that could not even be queued (e.g. a transaction rolled back to a savepoint). */
    public void recordFailed(String migrationId, long n) {
        of(migrationId).failed.addAndGet(n);
    }

    public Stats stats(String migrationId) {
        Counters c = of(migrationId);
        return new Stats(c.applied.get(), c.failed.get(), c.dropped.get(), c.depth.get());
    }

    private Counters of(String migrationId) {
        return counters.computeIfAbsent(migrationId, k -> new Counters());
    }

    private void drain(DataSource ds, BlockingQueue<List<Replay>> q) {
        while (!closed) {
            List<Replay> unit;
            try {
                unit = q.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (unit != null) {
                apply(ds, unit);
            }
        }
    }

    private void apply(DataSource ds, List<Replay> unit) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Replay r : unit) {
                    try (PreparedStatement ps = ReplayStatement.of(dialect, r.sql(), r.values()).prepare(c, dialect)) {
                        ps.executeUpdate();
                    }
                }
                c.commit();
                unit.forEach(r -> of(r.migrationId()).applied.incrementAndGet());
            } catch (SQLException | IllegalArgumentException e) {
                c.rollback();
                throw new SQLException(e.getMessage(), e);
            }
        } catch (SQLException e) {
            unit.forEach(r -> of(r.migrationId()).failed.incrementAndGet());
            LOG.warn("shadow write of {} statement(s) failed and was rolled back: {}", unit.size(), e.getMessage());
        } finally {
            unit.forEach(r -> of(r.migrationId()).depth.decrementAndGet());
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
    }
}
