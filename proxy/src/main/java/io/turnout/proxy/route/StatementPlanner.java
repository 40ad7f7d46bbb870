package io.turnout.proxy.route;

/** Turns a client statement into a plan, or says it goes to the server untouched. */
public interface StatementPlanner {

    /** Passes everything through. */
    StatementPlanner PASS_THROUGH = (sql, session) -> null;

    /** @return the plan, or null to relay the client's bytes unchanged */
    StatementPlan plan(String sql, SessionView session);
}
