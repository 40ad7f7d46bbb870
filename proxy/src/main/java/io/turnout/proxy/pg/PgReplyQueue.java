package io.turnout.proxy.pg;

import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;

import java.util.ArrayDeque;

/**
 * The replies the server still owes, one {@link ReplyGroup} per request in the order the requests went out, so that
 * replies are matched to requests even when the client pipelines (the pending-reply queue of pgjdbc, as a class of
 * its own). Groups relayed untouched pass every frame; planned groups drop the replies of hidden statements and hold
 * a client statement's visible replies until its hidden statements have succeeded: if one fails, the client sees
 * only the error, as if its own statement had failed.
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

    private final ArrayDeque<ReplyGroup> groups = new ArrayDeque<>();
    private final StatementPlanner planner;

    /** @param planner told when each planned request has been answered (latency, failure) */
    PgReplyQueue(StatementPlanner planner) {
        this.planner = planner;
    }

    void expectPassThrough() {
        groups.addLast(PassGroup.INSTANCE);
    }

    void expectPlan(StatementPlan plan) {
        groups.addLast(new SimpleQueryGroup(plan, planner));
    }

    /** Starts a group for extended-protocol messages; the caller appends expectations as it sends them. */
    ExtendedGroup openExtended() {
        ExtendedGroup g = new ExtendedGroup(planner);
        groups.addLast(g);
        return g;
    }

    int size() {
        return groups.size();
    }

    Decision onFrame(byte type) {
        ReplyGroup g = groups.peekFirst();
        return g == null ? Decision.FORWARD : g.onFrame(type);
    }

    boolean onFrameEnd(byte type) {
        ReplyGroup g = groups.peekFirst();
        if (g == null) {
            return false;
        }
        if (g == PassGroup.INSTANCE) {
            if (type == 'Z') {
                groups.removeFirst();
            }
            return false;
        }
        boolean release = g.onFrameEnd(type);
        if (g.done()) {
            groups.removeFirst();
        }
        return release;
    }

    /** A request relayed untouched: every frame passes, its ReadyForQuery ends it (the queue pops it). */
    private static final class PassGroup implements ReplyGroup {
        static final PassGroup INSTANCE = new PassGroup();

        @Override
        public Decision onFrame(byte type) {
            return Decision.FORWARD;
        }

        @Override
        public boolean onFrameEnd(byte type) {
            return false;
        }

        @Override
        public boolean done() {
            return false;
        }
    }
}
