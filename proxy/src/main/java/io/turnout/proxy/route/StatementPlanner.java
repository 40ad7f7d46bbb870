package io.turnout.proxy.route;

/** Turns a client statement into a plan, or says it goes to the server untouched. */
public interface StatementPlanner {

    /** Passes everything through. */
    StatementPlanner PASS_THROUGH = (sql, session) -> null;

    /** @return the plan, or null to relay the client's bytes unchanged */
    StatementPlan plan(String sql, SessionView session);

    /**
     * The same for an execution of a prepared statement; a planner may keep what it learned about the text in
     * {@code statement} for the next execution.
     */
    default StatementPlan plan(PreparedSql statement, SessionView session) {
        return plan(statement.sql(), session);
    }

    /** Called once the server has answered a planned statement (its ReadyForQuery / final OK or ERR). */
    default void completed(StatementPlan plan, long latencyMicros, boolean failed) {
    }

    /** Called at every ReadyForQuery (PostgreSQL) with the transaction status: 'I' idle, 'T' in a block, 'E' failed. */
    default void ready(char transactionStatus) {
    }

    /** The planner one client session uses: this one, or a wrapper that keeps per-session state. */
    default StatementPlanner forSession() {
        return this;
    }
}
