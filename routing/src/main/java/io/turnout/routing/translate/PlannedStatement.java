package io.turnout.routing.translate;

import java.util.List;

/**
 * One statement of a dual-write plan.
 *
 * @param sql          the text to send
 * @param params       the client's parameter numbers (1-based) this statement's placeholders take, in order;
 *                     for PostgreSQL the text is renumbered {@code $1..$k} to match
 * @param clientResult true when the client must see this statement's result (row count, RETURNING rows, last
 *                     insert id); false for statements that only keep the other shape in step
 * @param purpose      a short note for logs and operators
 * @param server       null to run on the client's connection; else the name of the server that holds the new
 *                     shape (move-table with a target): such a statement cannot share the client's transaction
 */
public record PlannedStatement(String sql, List<Integer> params, boolean clientResult, String purpose,
        String server) {

    public PlannedStatement {
        params = List.copyOf(params);
    }

    public PlannedStatement(String sql, List<Integer> params, boolean clientResult, String purpose) {
        this(sql, params, clientResult, purpose, null);
    }

    public PlannedStatement onServer(String name) {
        return new PlannedStatement(sql, params, clientResult, purpose, name);
    }
}
