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
 */
public record PlannedStatement(String sql, List<Integer> params, boolean clientResult, String purpose) {

    public PlannedStatement {
        params = List.copyOf(params);
    }
}
