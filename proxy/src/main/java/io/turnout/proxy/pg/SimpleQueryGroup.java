package io.turnout.proxy.pg;

import io.turnout.proxy.route.PlannedSql;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;

import java.util.List;

/**
 * The replies to one planned simple-protocol Query: per planned statement its rows and CommandComplete (or
 * EmptyQueryResponse), then one ReadyForQuery. After an ErrorResponse the server skips the remaining statements.
 */
final class SimpleQueryGroup implements ReplyGroup {

    private final StatementPlan plan;
    private final StatementPlanner planner;
    private final List<PlannedSql> statements;
    private final boolean holds;
    private final long startNanos = System.nanoTime();
    private int index;
    private boolean failed;
    private boolean done;

    SimpleQueryGroup(StatementPlan plan, StatementPlanner planner) {
        this.plan = plan;
        this.planner = planner;
        this.statements = plan.statements();
        this.holds = plan.hasHiddenStatements();
    }

    @Override
    public PgReplyQueue.Decision onFrame(byte type) {
        switch (type) {
            case 'Z':
                return PgReplyQueue.Decision.RELEASE_THEN_FORWARD;
            case 'N', 'S', 'A':
                return PgReplyQueue.Decision.FORWARD;
            case 'E':
                failed = true;
                return PgReplyQueue.Decision.DISCARD_THEN_FORWARD;
            case 'G', 'H', 'W':
                return current() == null || current().visible() ? PgReplyQueue.Decision.RELEASE_THEN_FORWARD
                        : PgReplyQueue.Decision.DROP;
            default:
                PlannedSql s = current();
                if (s == null) {
                    return PgReplyQueue.Decision.FORWARD;
                }
                return s.visible() ? (holds ? PgReplyQueue.Decision.HOLD : PgReplyQueue.Decision.FORWARD)
                        : PgReplyQueue.Decision.DROP;
        }
    }

    @Override
    public boolean onFrameEnd(byte type) {
        if (type == 'Z') {
            done = true;
            planner.completed(plan, (System.nanoTime() - startNanos) / 1000, failed);
            return false;
        }
        if (type != 'C' && type != 'I') {
            return false;
        }
        PlannedSql finished = current();
        index++;
        PlannedSql next = current();
        return finished != null && (next == null || next.clientStatement() != finished.clientStatement());
    }

    @Override
    public boolean done() {
        return done;
    }

    private PlannedSql current() {
        return index < statements.size() ? statements.get(index) : null;
    }
}
