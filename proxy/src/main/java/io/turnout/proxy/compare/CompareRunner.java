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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Compare mode on side connections: for a sampled read, once the client has its answer, reads the old and the new
 * shape in one snapshot ({@link SideReads}: one statement, or two in a REPEATABLE READ, read-only transaction, so
 * concurrent writes cannot make the two differ), reduces both to {@link ResultDigest}s and compares them. A mismatch
 * is re-checked once in a new snapshot after a short delay; only a mismatch that survives counts, with its evidence,
 * toward the breaker. The work runs on its own small bounded pool ({@link LazyWorkers}) under a
 * {@link CompareBudget}: a sample over the budget ({@link #admit()}, asked before the sample is even built) or
 * finding the queue full is dropped and counted, never the client's statement. The samples a worker finds queued
 * together are read together where they can be: those of one statement text, compared as multisets, share one
 * side statement ({@link SideReads#readBatch}) up to {@link #MAX_BATCH} at a time.
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
    static final Duration WORKER_POLL = Duration.ofMillis(50);
    /** The most samples read in one side statement. */
    static final int MAX_BATCH = 16;
    /**
     * The most values bound to one side statement, counting each sample's parameters once per shape (PostgreSQL
     * takes 65,535, which leaves room for a text that repeats a placeholder).
     */
    static final int MAX_BATCH_VALUES = 8_192;
    /** A worker that found nothing for this long sleeps until a sample wakes it. */
    static final Duration WORKER_DORMANT_AFTER = Duration.ofSeconds(2);

    private final LazyWorkers<CompareRequest> pool;
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
        this.pool = new LazyWorkers<>("turnout-compare", threads, queueCapacity, WORKER_POLL, WORKER_DORMANT_AFTER,
                Thread.MIN_PRIORITY, MAX_BATCH, this::runBatch, sample -> dropped.incrementAndGet());
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
        pool.submit(request);
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

    /** Compares one sample on its own. */
    void run(CompareRequest r) {
        try {
            Pair first = readBoth(r);
            if (first != null) {
                judge(r, first.old, first.fresh);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            skip(r, e);
        }
    }

    /**
     * Compares the samples a worker took from the queue at once: those that can share a side statement with others
     * of their text are read so, in groups; the rest one by one.
     */
    void runBatch(List<CompareRequest> samples) {
        if (samples.size() == 1) {
            run(samples.get(0));
            return;
        }
        Map<List<String>, List<CompareRequest>> byText = new LinkedHashMap<>();
        List<CompareRequest> alone = new ArrayList<>();
        for (CompareRequest r : samples) {
            if (reads.batchable(r)) {
                byText.computeIfAbsent(List.of(r.migrationId(), r.oldSql(), r.newSql()), k -> new ArrayList<>()).add(r);
            } else {
                alone.add(r);
            }
        }
        for (List<CompareRequest> group : byText.values()) {
            int from = 0;
            while (from < group.size()) {
                int to = from + 1;
                int values = valuesOf(group.get(from));
                while (to < group.size() && (values += valuesOf(group.get(to))) <= MAX_BATCH_VALUES) {
                    to++;
                }
                List<CompareRequest> part = group.subList(from, to);
                if (part.size() == 1) {
                    alone.add(part.get(0));
                } else if (!runTogether(part)) {
                    return; // interrupted: the workers are closing
                }
                from = to;
            }
        }
        for (CompareRequest r : alone) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            run(r);
        }
    }

    /** The values a sample binds in a side statement: its parameters, once for each shape. */
    private static int valuesOf(CompareRequest r) {
        return 2 * r.parameters().size();
    }

    /** Reads a group of samples of one text in one statement and judges each; false when interrupted. */
    private boolean runTogether(List<CompareRequest> group) {
        ResultDigest[][] digests;
        try (Connection c = side.getConnection()) {
            digests = reads.readBatch(c, group);
        } catch (SQLException e) {
            skipped.addAndGet(group.size()); // the connection: says nothing about the samples
            return true;
        } catch (RuntimeException e) {
            group.forEach(r -> skip(r, e));
            return true;
        }
        if (digests == null) {
            group.forEach(this::run); // the text does not batch: each sample on its own
            return !Thread.currentThread().isInterrupted();
        }
        boolean tooLarge = false;
        for (ResultDigest[] d : digests) {
            tooLarge |= d[0].tooLarge || d[1].tooLarge;
        }
        if (tooLarge) {
            // one side stopped the read, so the others may be incomplete: each on its own, this text from now on
            reads.readAlone(group.get(0));
            for (int i = 0; i < group.size(); i++) {
                if (digests[i][0].tooLarge || digests[i][1].tooLarge) {
                    skipped.incrementAndGet();
                } else {
                    run(group.get(i));
                }
            }
            return !Thread.currentThread().isInterrupted();
        }
        List<CompareRequest> differing = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            if (digests[i][0].sameAs(digests[i][1], false)) {
                evidence.recordMatch(group.get(i).migrationId());
            } else {
                differing.add(group.get(i));
            }
        }
        if (differing.isEmpty()) {
            return true;
        }
        try {
            Thread.sleep(rules.recheckDelay().toMillis()); // one wait for every sample to re-check
            for (CompareRequest r : differing) {
                try {
                    recheck(r);
                } catch (RuntimeException e) {
                    skip(r, e);
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A first reading's verdict: a match counts at once, a mismatch is re-checked after the delay. */
    private void judge(CompareRequest r, ResultDigest old, ResultDigest fresh) throws InterruptedException {
        if (old.sameAs(fresh, r.ordered())) {
            evidence.recordMatch(r.migrationId());
            return;
        }
        Thread.sleep(rules.recheckDelay().toMillis());
        recheck(r);
    }

    /** Reads a mismatched sample again, in a new snapshot; a mismatch that survives is confirmed, with evidence. */
    private void recheck(CompareRequest r) {
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
    }

    /** A sample that cannot be compared is counted, never lost silently with its worker thread. */
    private void skip(CompareRequest r, RuntimeException e) {
        skipped.incrementAndGet();
        LOG.warn("compare sample of migration {} skipped: {}", r.migrationId(), e.toString(), e);
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

    /** Side statements that read several samples at once. */
    long batches() {
        return reads.batches();
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
