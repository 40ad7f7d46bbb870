package io.turnout.proxy.pg;

import io.turnout.proxy.route.PlannedSql;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The replies the server still owes, one group per ReadyForQuery-terminated request (a Query, a Sync, a
 * FunctionCall), in the order the requests went out, so that replies are matched to requests even when the client
 * pipelines. A group relayed untouched passes every frame; a group built from a {@link StatementPlan} drops the
 * replies of hidden statements and holds a client statement's visible replies until all of its planned statements
 * have succeeded: if a hidden one fails, the client sees only the error, as if its own statement had failed.
 */
final class PgReplyQueue {

    /** What to do with one backend frame. */
    enum Decision {
        FORWARD,
        HOLD,
        DROP,
        RELEASE_THEN_FORWARD,
        DISCARD_THEN_FORWARD
    }

    private static final class Group {
        final StatementPlan plan;
        final List<PlannedSql> statements;
        final boolean holds;
        final long startNanos;
        int index;
        boolean failed;

        Group(StatementPlan plan, long startNanos) {
            this.plan = plan;
            this.statements = plan == null ? null : plan.statements();
            this.holds = plan != null && plan.hasHiddenStatements();
            this.startNanos = startNanos;
        }

        boolean passThrough() {
            return statements == null;
        }
    }

    private static final Group PASS = new Group(null, 0);

    private final ArrayDeque<Group> groups = new ArrayDeque<>();
    private final StatementPlanner planner;
    private int filtered;

    /** @param planner told when each planned request has been answered (latency, failure) */
    PgReplyQueue(StatementPlanner planner) {
        this.planner = planner;
    }

    void expectPassThrough() {
        groups.addLast(PASS);
    }

    void expectPlan(StatementPlan plan) {
        groups.addLast(new Group(plan, System.nanoTime()));
        filtered++;
    }

    /** True when no group in flight filters anything: every frame is forwarded. */
    boolean allPassThrough() {
        return filtered == 0;
    }

    int size() {
        return groups.size();
    }

    Decision onFrame(byte type) {
        Group g = groups.peekFirst();
        if (g == null || g.passThrough()) {
            return Decision.FORWARD;
        }
        switch (type) {
            case 'Z':
                return Decision.RELEASE_THEN_FORWARD;
            case 'N', 'S', 'A':
                return Decision.FORWARD;
            case 'E':
                g.failed = true;
                return Decision.DISCARD_THEN_FORWARD;
            case 'G', 'H', 'W':
                return current(g) == null || current(g).visible() ? Decision.RELEASE_THEN_FORWARD : Decision.DROP;
            default:
                PlannedSql s = current(g);
                if (s == null) {
                    return Decision.FORWARD;
                }
                return s.visible() ? (g.holds ? Decision.HOLD : Decision.FORWARD) : Decision.DROP;
        }
    }

    /** After a frame went through; true when held replies must be released now (a client statement completed). */
    boolean onFrameEnd(byte type) {
        Group g = groups.peekFirst();
        if (g == null) {
            return false;
        }
        if (type == 'Z') {
            groups.removeFirst();
            if (!g.passThrough()) {
                filtered--;
                planner.completed(g.plan, (System.nanoTime() - g.startNanos) / 1000, g.failed);
            }
            return false;
        }
        if (g.passThrough() || (type != 'C' && type != 'I')) {
            return false;
        }
        PlannedSql done = current(g);
        g.index++;
        PlannedSql next = current(g);
        return done != null && (next == null || next.clientStatement() != done.clientStatement());
    }

    private static PlannedSql current(Group g) {
        return g.index < g.statements.size() ? g.statements.get(g.index) : null;
    }
}
