package io.turnout.proxy.route;

/**
 * One session's planner, with what the end of a read sets off (its latency and outcome into the metrics and the
 * breaker window, its compare sample handed over) put off until the reply has been flushed to the client: that work
 * is the proxy's, and the client should not wait for it. A session calls {@link #afterFlush()} once it has flushed
 * what it read from the server. Writes are told at once, after any read still waiting, so the planner sees
 * statements in the order they ended, and a write's outcome is known before the ReadyForQuery after it (shadow
 * writes wait on both). Used on the session's event loop only.
 */
public final class DeferredReads implements StatementPlanner {

    /** More reads than this in one read batch (a long pipeline): told at once rather than kept. */
    static final int MAX_KEPT = 256;

    private final StatementPlanner planner;
    private StatementPlan[] plans = new StatementPlan[8];
    private long[] micros = new long[8];
    private boolean[] failed = new boolean[8];
    private int size;

    public DeferredReads(StatementPlanner planner) {
        this.planner = planner;
    }

    @Override
    public StatementPlan plan(String sql, SessionView session) {
        return planner.plan(sql, session);
    }

    @Override
    public StatementPlan plan(PreparedSql statement, SessionView session) {
        return planner.plan(statement, session);
    }

    @Override
    public void completed(StatementPlan plan, long latencyMicros, boolean statementFailed) {
        if (plan.write() || !plan.shadow().isEmpty()) {
            afterFlush();
            planner.completed(plan, latencyMicros, statementFailed);
            return;
        }
        if (size == MAX_KEPT) {
            afterFlush();
        }
        if (size == plans.length) {
            int n = Math.min(size * 2, MAX_KEPT);
            plans = java.util.Arrays.copyOf(plans, n);
            micros = java.util.Arrays.copyOf(micros, n);
            failed = java.util.Arrays.copyOf(failed, n);
        }
        plans[size] = plan;
        micros[size] = latencyMicros;
        failed[size] = statementFailed;
        size++;
    }

    @Override
    public void ready(char transactionStatus) {
        planner.ready(transactionStatus);
    }

    @Override
    public StatementPlanner forSession() {
        return this;
    }

    /** Tells the planner of the reads that ended since the last call, in order. */
    public void afterFlush() {
        for (int i = 0; i < size; i++) {
            StatementPlan p = plans[i];
            plans[i] = null;
            planner.completed(p, micros[i], failed[i]);
        }
        size = 0;
    }

    /** Reads ended and not told yet. */
    int kept() {
        return size;
    }
}
