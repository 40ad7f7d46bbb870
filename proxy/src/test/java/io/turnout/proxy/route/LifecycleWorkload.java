package io.turnout.proxy.route;

import io.turnout.proxy.control.ControlPlane;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.model.Shape;
import io.turnout.testkit.DbEndpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end lifecycle run shared by the PostgreSQL and the MySQL test: three writers and three readers on the
 * old shape through the proxy while one migration goes from {@code off} through every phase and read percentage to
 * {@code complete}, the backfill run directly once dual writes are on; then no client statement failed, both shapes
 * agree and no session's reads switched shape while a percentage held.
 */
final class LifecycleWorkload {

    /** One migration of the corpus, with the client statements the workers run against the old shape. */
    record Scenario(MigrationSpec spec, String expand, String backfill, String disagreements,
                    String insert, String update, String delete, String read, String readNewShape) {
    }

    /** Opens the workers' connections through the proxy; {@code worker} is 0..2 for writers, 3..5 for readers. */
    interface Clients {
        Connection open(int worker) throws SQLException;
    }

    /**
     * Variations of the workload: the migration created only once the workers have prepared their statements (an
     * application started before it); writer 1 also sends its updates in batches ({@code executeBatch}); writer 2
     * commits each round as one explicit transaction.
     */
    record Variation(boolean createAfterPrepare, boolean batches, boolean transactions) {
        static final Variation PLAIN = new Variation(false, false, false);
    }

    /** What one run did. */
    record Figures(long statements, long millis, long deadlocksRetried) {
    }

    /**
     * Records which shape each key's reads took at each read percentage: every read of the scenarios is
     * {@code WHERE id = ?}, so the key is the bound value, or the inline literal when the client sent the value in
     * the text (MySQL text protocol); a read planned before its value is bound is recorded under its session.
     */
    static final class RecordingPlanner implements StatementPlanner {
        private static final Pattern INLINE_ID = Pattern.compile("WHERE id = '?(\\d+)'?\\s*$");
        final StatementPlanner inner;
        final ControlPlane control;
        final Map<String, Set<Shape>> pathsBySessionAndStep = new ConcurrentHashMap<>();

        RecordingPlanner(StatementPlanner inner, ControlPlane control) {
            this.inner = inner;
            this.control = control;
        }

        @Override
        public StatementPlan plan(String sql, SessionView session) {
            double before = percent();
            StatementPlan plan = inner.plan(sql, session);
            if (plan != null && !plan.write() && before == percent()) {
                Object id = session.parameters().apply(1);
                if (id == null) {
                    Matcher m = INLINE_ID.matcher(sql);
                    id = m.find() ? m.group(1) : null;
                }
                String sticky = id != null ? "id " + id : "session " + session.stickyKey();
                pathsBySessionAndStep.computeIfAbsent(sticky + "@" + before,
                        k -> ConcurrentHashMap.newKeySet()).add(plan.path());
            }
            return plan;
        }

        private double percent() {
            return control.snapshot().byId().values().stream().mapToDouble(s -> s.effectiveReadPercent())
                    .findFirst().orElse(0);
        }

        @Override
        public void completed(StatementPlan plan, long latencyMicros, boolean failed) {
            inner.completed(plan, latencyMicros, failed);
        }

        @Override
        public void ready(char transactionStatus) {
            inner.ready(transactionStatus);
        }
    }

    private final Scenario sc;
    private final DbEndpoint direct;
    private final ControlPlane control;
    private final RecordingPlanner planner;
    private final Clients clients;
    private final Variation variation;
    private long minimumStatements = 200;

    /** The migration must exist in {@code control} (phase off) and the proxy must be listening. */
    LifecycleWorkload(Scenario sc, DbEndpoint direct, ControlPlane control, RecordingPlanner planner,
                      Clients clients) {
        this(sc, direct, control, planner, clients, Variation.PLAIN);
    }

    /** With {@code createAfterPrepare}, the migration must not exist yet: the run creates it. */
    LifecycleWorkload(Scenario sc, DbEndpoint direct, ControlPlane control, RecordingPlanner planner,
                      Clients clients, Variation variation) {
        this.variation = variation;
        this.sc = sc;
        this.direct = direct;
        this.control = control;
        this.planner = planner;
        this.clients = clients;
    }

    private static final long STATEMENTS_PER_STEP = 60;
    /** Client statements run by the workers so far. */
    private final AtomicLong progress = new AtomicLong();

    /** How many statements the workers must at least have run (a loaded machine runs fewer). */
    LifecycleWorkload atLeast(long statements) {
        this.minimumStatements = statements;
        return this;
    }

    /** Runs the lifecycle and asserts its outcome. */
    Figures run() throws Exception {
        long started = System.nanoTime();
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong statements = progress;
        AtomicLong deadlocks = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int worker = w;
            int base = 10_000 * (w + 1);
            workers.add(pool.submit(() -> write(worker, base, running, failures, statements, deadlocks)));
        }
        for (int r = 3; r < 6; r++) {
            int worker = r;
            workers.add(pool.submit(() -> read(worker, running, failures, statements)));
        }
        try {
            if (variation.createAfterPrepare()) {
                awaitProgress(); // the workers prepared their statements and ran a while
                control.create(sc.spec(), null, "test", null);
            }
            step(Phase.DUAL_WRITE, null);
            try (Connection c = direct.connect(); Statement s = c.createStatement()) {
                // rows written before dual-write started, copied once; the copy reads with locks, so it waits for
                // writes in flight and takes their result: a concurrent dual write cannot be overtaken by a stale copy
                s.execute(sc.backfill());
            }
            step(Phase.SHADOW, null);
            step(Phase.LIVE, null);
            for (double p : new double[] {1, 5, 25, 100}) {
                step(null, p);
            }
            step(Phase.RAMPDOWN, null);
            step(Phase.COMPLETE, null);
        } finally {
            running.set(false);
            for (Future<?> f : workers) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        assertEquals(List.of(), List.copyOf(failures), "no client statement may fail");
        assertTrue(statements.get() > minimumStatements, "the workers ran: " + statements.get());
        try (Connection c = direct.connect(); ResultSet rs = c.createStatement().executeQuery(sc.disagreements())) {
            rs.next();
            assertEquals(0, rs.getLong(1), "old and new shapes agree at the end");
        }
        planner.pathsBySessionAndStep.forEach((keyAndStep, paths) ->
                assertEquals(1, paths.size(), "key@percent " + keyAndStep + " flipped between " + paths));
        assertTrue(planner.pathsBySessionAndStep.keySet().stream().anyMatch(k -> k.endsWith("@100.0")));
        Set<Shape> keyedAt25 = ConcurrentHashMap.newKeySet();
        planner.pathsBySessionAndStep.forEach((k, paths) -> {
            if (k.startsWith("id ") && k.endsWith("@25.0")) {
                keyedAt25.addAll(paths);
            }
        });
        assertEquals(Set.of(Shape.OLD, Shape.NEW), keyedAt25, "at 25% the keys spread over both shapes");
        return new Figures(statements.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                deadlocks.get());
    }

    private void step(Phase phase, Double percent) throws InterruptedException {
        if (phase != null) {
            control.setPhase(sc.spec().id(), phase, null, "test", null);
        } else {
            control.setReadPercent(sc.spec().id(), percent, null, "test", null);
        }
        awaitProgress();
    }

    /**
     * A step lasts 600 ms and at least {@value #STATEMENTS_PER_STEP} client statements (a loaded machine runs fewer in
     * 600 ms; one step of the 25% ramp with no keyed read would prove nothing), at most 30 s.
     */
    private void awaitProgress() throws InterruptedException {
        long from = progress.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Thread.sleep(600);
        while (progress.get() - from < STATEMENTS_PER_STEP && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private void write(int worker, int base, AtomicBoolean running, ConcurrentLinkedQueue<String> failures,
                       AtomicLong statements, AtomicLong deadlocks) {
        try (Connection c = clients.open(worker);
             PreparedStatement ins = c.prepareStatement(sc.insert());
             PreparedStatement upd = c.prepareStatement(sc.update());
             PreparedStatement del = c.prepareStatement(sc.delete())) {
            boolean batches = variation.batches() && worker == 1;
            boolean transactions = variation.transactions() && worker == 2;
            c.setAutoCommit(!transactions);
            for (int i = 0; running.get(); i++) {
                int id = base + i;
                try {
                    ins.setLong(1, id);
                    ins.setString(2, "w" + id);
                    assertEquals(1, ins.executeUpdate());
                    upd.setString(1, Integer.toString(id % 997));
                    upd.setLong(2, id);
                    assertEquals(1, upd.executeUpdate());
                    if (batches) {
                        for (int k = 0; k < 4; k++) { // more than 3: Connector/J sends one multi-statement text
                            upd.setString(1, Integer.toString((id + k + 1) % 997));
                            upd.setLong(2, id);
                            upd.addBatch();
                        }
                        int[] counts = upd.executeBatch();
                        assertEquals(4, counts.length);
                        statements.addAndGet(4);
                    }
                    if (i % 3 == 0) {
                        del.setLong(1, id);
                        assertEquals(1, del.executeUpdate());
                    }
                    if (transactions) {
                        c.commit();
                    }
                    statements.addAndGet(3);
                } catch (SQLException | AssertionError e) {
                    if (transactions && e instanceof SQLException x && "40001".equals(x.getSQLState())) {
                        deadlocks.incrementAndGet(); // the server rolled the transaction back: retried as apps do
                    } else {
                        failures.add(sc.spec().id() + " writer id " + id + ": " + e.getMessage());
                    }
                    if (transactions) {
                        try {
                            c.rollback();
                        } catch (SQLException ignored) {
                            // the failure is recorded already
                        }
                    }
                }
            }
        } catch (SQLException e) {
            failures.add("writer connection: " + e.getMessage());
        }
    }

    private void read(int worker, AtomicBoolean running, ConcurrentLinkedQueue<String> failures,
                      AtomicLong statements) {
        try (Connection c = clients.open(worker);
             PreparedStatement old = c.prepareStatement(sc.read());
             PreparedStatement fresh = sc.readNewShape() == null ? null : c.prepareStatement(sc.readNewShape())) {
            while (running.get()) {
                long id = 1 + ThreadLocalRandom.current().nextInt(200);
                try {
                    old.setLong(1, id);
                    try (ResultSet rs = old.executeQuery()) {
                        assertTrue(rs.next(), "seed row " + id + " is there");
                        assertEquals(id, rs.getLong(1));
                    }
                    if (fresh != null) {
                        fresh.setLong(1, id);
                        try (ResultSet rs = fresh.executeQuery()) {
                            assertTrue(rs.next(), "seed row " + id + " read with new-shape SQL");
                        }
                    }
                    statements.incrementAndGet();
                } catch (SQLException | AssertionError e) {
                    failures.add(sc.spec().id() + " reader id " + id + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            failures.add("reader connection: " + e.getMessage());
        }
    }
}
