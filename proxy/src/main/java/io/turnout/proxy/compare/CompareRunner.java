package io.turnout.proxy.compare;

import io.turnout.proxy.admin.CompareEvidence;
import io.turnout.proxy.admin.EvidenceLog;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.MigrationState;
import io.turnout.proxy.route.CompareRequest;
import io.turnout.routing.sql.Dialect;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Compare mode on side connections: for a sampled read, once the client has its answer, reads the old and the new
 * shape in one snapshot ({@link SideReads}: one statement, or two in a REPEATABLE READ, read-only transaction, so
 * concurrent writes cannot make the two differ), reduces both to {@link ResultDigest}s and compares them. A mismatch
 * is re-checked once in a new snapshot after a short delay; only a mismatch that survives counts, with its evidence,
 * toward the breaker. The work runs on
 * its own small bounded pool ({@link LazyWorkers}) under a {@link CompareBudget}: a sample over the budget ({@link #admit()}, asked before
 * the sample is even built) or finding the queue full is dropped and counted, never the client's statement.
 */
public final class CompareRunner implements Consumer<CompareRequest>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CompareRunner.class);

    private final DataSource side;
    private final ControlPlane control;
    private final BreakerLoop breakers;
    private final EvidenceLog evidence;
    private final CompareRules rules;
    private final Clock clock;
    private final SideReads reads;
    /**
     * How often a worker looks for samples while they keep coming: they wait that long at most, which compare can
     * afford (a mismatch is re-checked after a longer delay), and the event loop never wakes a worker to hand one in.
     */
    static final Duration WORKER_POLL = Duration.ofMillis(20);
    /** A worker that found nothing for this long sleeps until a sample wakes it. */
    static final Duration WORKER_DORMANT_AFTER = Duration.ofSeconds(2);

    private final LazyWorkers pool;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final CompareBudget budget;

    /** @param side connections from {@link ComparePool} (autocommit, REPEATABLE READ and read-only by default) */
    public CompareRunner(Dialect dialect, DataSource side, ControlPlane control, BreakerLoop breakers,
                         EvidenceLog evidence, CompareRules rules, Clock clock, int threads, int queueCapacity) {
        this(dialect, side, control, breakers, evidence, rules, clock, threads, queueCapacity,
                CompareBudget.perSecond(Double.POSITIVE_INFINITY));
    }

    /** @param budget how many samples per second may start; the rest are dropped (counted) */
    public CompareRunner(Dialect dialect, DataSource side, ControlPlane control, BreakerLoop breakers,
                         EvidenceLog evidence, CompareRules rules, Clock clock, int threads, int queueCapacity,
                         CompareBudget budget) {
        this.budget = budget;
        this.reads = new SideReads(dialect, rules);
        this.side = side;
        this.control = control;
        this.breakers = breakers;
        this.evidence = evidence;
        this.rules = rules;
        this.clock = clock;
        // below the event loops: compare work waits for spare CPU instead of delaying client traffic (an OS nice
        // level only where the JVM maps priorities to it: bin/turnout asks it to as root)
        this.pool = new LazyWorkers("turnout-compare", threads, queueCapacity, WORKER_POLL, WORKER_DORMANT_AFTER,
                Thread.MIN_PRIORITY, task -> dropped.incrementAndGet());
    }

    /**
     * Whether one more sample may be taken now: within the budget and with room in the queue. A refusal counts as a
     * dropped sample. Cheap enough for the event loop: the planner asks before it builds the sample.
     */
    public boolean admit() {
        if (pool.remainingCapacity() == 0 || !budget.tryAcquire()) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    @Override
    public void accept(CompareRequest request) {
        pool.submit(() -> run(request));
    }

    public long dropped() {
        return dropped.get();
    }

    /** Samples accepted and not yet started. */
    public int queued() {
        return pool.queued();
    }

    /** Samples not compared: a side failed, a result was larger than the rules allow, or the sample could not run. */
    public long skipped() {
        return skipped.get();
    }

    void run(CompareRequest r) {
        try {
            Pair first = readBoth(r);
            if (first == null) {
                return;
            }
            if (first.old.sameAs(first.fresh, r.ordered())) {
                evidence.recordMatch(r.migrationId());
                return;
            }
            Thread.sleep(rules.recheckDelay().toMillis());
            Pair again = readBoth(r);
            if (again == null) {
                return;
            }
            if (again.old.sameAs(again.fresh, r.ordered())) {
                evidence.recordClearedOnRecheck(r.migrationId());
                return;
            }
            evidence.recordConfirmed(evidenceOf(r, again));
            MigrationState state = control.snapshot().byId().get(r.migrationId());
            if (state != null) {
                breakers.window(state).recordConfirmedDiff();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a sample that cannot be compared is counted, never lost silently with its worker thread
            skipped.incrementAndGet();
            LOG.warn("compare sample of migration {} skipped: {}", r.migrationId(), e.toString(), e);
        }
    }

    private record Pair(ResultDigest old, ResultDigest fresh) {
    }

    private Pair readBoth(CompareRequest r) {
        try (Connection c = side.getConnection()) {
            ResultDigest[] both = reads.read(c, r);
            if (both[0].tooLarge || both[1].tooLarge) {
                skipped.incrementAndGet();
                return null;
            }
            return new Pair(both[0], both[1]);
        } catch (SQLException e) {
            skipped.incrementAndGet();
            return null;
        }
    }

    /** Samples whose shapes were read as one statement, and as two in a transaction. */
    long readAsOne() {
        return reads.readAsOne();
    }

    long readAsTwo() {
        return reads.readAsTwo();
    }

    private CompareEvidence evidenceOf(CompareRequest r, Pair p) {
        Map<String, Integer> newCounts = new HashMap<>();
        p.fresh.firstRows.forEach(row -> newCounts.merge(row, 1, Integer::sum));
        Map<String, Integer> oldCounts = new HashMap<>();
        p.old.firstRows.forEach(row -> oldCounts.merge(row, 1, Integer::sum));
        List<String> onlyOld = new ArrayList<>();
        for (String row : p.old.firstRows) {
            if (newCounts.merge(row, -1, Integer::sum) < 0 && onlyOld.size() < 5) {
                onlyOld.add(row);
            }
        }
        List<String> onlyNew = new ArrayList<>();
        for (String row : p.fresh.firstRows) {
            if (oldCounts.merge(row, -1, Integer::sum) < 0 && onlyNew.size() < 5) {
                onlyNew.add(row);
            }
        }
        String detail = p.old.rows + " row(s) on the old shape, " + p.fresh.rows + " on the new"
                + (r.ordered() ? ", compared in order" : ", compared as multisets");
        return new CompareEvidence(r.migrationId(), clock.instant(), r.fingerprint(), r.oldSql(),
                redact(r.parameters()), r.phase(), r.readPercent(), onlyOld, onlyNew, detail);
    }

    /** Numbers, booleans and nulls are kept; text keeps its first character and its length only. */
    static List<String> redact(List<Object> params) {
        List<String> out = new ArrayList<>();
        for (Object v : params) {
            if (v == null || v instanceof Number || v instanceof Boolean) {
                out.add(String.valueOf(v));
            } else {
                String s = v.toString();
                out.add(s.isEmpty() ? "''" : s.charAt(0) + "…(" + s.length() + " chars)");
            }
        }
        return out;
    }

    @Override
    public void close() {
        pool.close();
    }
}
