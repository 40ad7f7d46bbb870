package io.turnout.routing.translate;

import java.util.List;

/**
 * The statements that write both shapes, to run in this order inside one transaction. When the new shape lives in
 * the same table, the plan is one statement ({@code sameStatement}) that writes both.
 */
public record DualWritePlan(List<PlannedStatement> statements, boolean sameStatement) {

    public DualWritePlan {
        statements = List.copyOf(statements);
    }

    public static DualWritePlan single(PlannedStatement statement) {
        return new DualWritePlan(List.of(statement), true);
    }
}
