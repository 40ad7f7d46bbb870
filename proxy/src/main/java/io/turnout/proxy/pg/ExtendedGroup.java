package io.turnout.proxy.pg;

import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;

import java.util.ArrayList;
import java.util.List;

/**
 * The replies to a pipeline of extended-protocol messages up to and including its Sync, matched message by message:
 * Parse → ParseComplete, Bind → BindComplete, Describe → [ParameterDescription] RowDescription/NoData, Execute → rows
 * and CommandComplete/EmptyQueryResponse/PortalSuspended, Close → CloseComplete, Sync → ReadyForQuery. After an
 * ErrorResponse the server discards every message up to the Sync, so do the expectations.
 *
 * <pre>
 *  sent:     Parse  Bind  [Bind' Execute' Close']  Execute  [Bind' Execute' Close']  Sync
 *  replies:  1      2     (2'    C'       3')      D* C     (2'    C'       3')      Z
 *  client:   1      2                              (D* C held until the hidden ones pass)  Z
 * </pre>
 */
final class ExtendedGroup implements ReplyGroup {

    /** One message sent to the server and what its replies are to the client. */
    enum Kind {
        PARSE,
        BIND,
        DESCRIBE_STATEMENT,
        DESCRIBE_PORTAL,
        EXECUTE,
        CLOSE,
        SYNC
    }

    /**
     * @param visible      whether the client sees the replies (false for injected messages)
     * @param holdResults  visible Execute whose rows and completion are held until hidden statements after it pass
     * @param releaseAfter when this expectation completes, held replies are released
     * @param measured     a planned read whose latency and outcome feed the breaker, or null
     * @param onError      run if the server rejects this message (e.g. forget a statement that failed to parse)
     */
    record Expectation(Kind kind, boolean visible, boolean holdResults, boolean releaseAfter, StatementPlan measured,
                       Runnable onError) {

        private static final Expectation[] VISIBLE = java.util.Arrays.stream(Kind.values())
                .map(k -> new Expectation(k, true, false, false, null, null)).toArray(Expectation[]::new);

        /** A message relayed as the client sent it (one shared instance per kind: nothing allocated per message). */
        static Expectation visible(Kind kind) {
            return VISIBLE[kind.ordinal()];
        }

        static Expectation hidden(Kind kind, boolean releaseAfter, Runnable onError) {
            return new Expectation(kind, false, false, releaseAfter, null, onError);
        }
    }

    private final StatementPlanner planner;
    private final List<Expectation> expectations = new ArrayList<>();
    private final List<Long> sentNanos = new ArrayList<>();
    private int cursor;
    private boolean describedParameters;
    private boolean skipping;
    private boolean done;

    ExtendedGroup(StatementPlanner planner) {
        this.planner = planner;
    }

    /** Records a message as it is sent. Messages sent after an error, before the Sync, get no reply. */
    void expect(Expectation e) {
        if (skipping && e.kind() != Kind.SYNC) {
            if (e.measured() != null) {
                planner.completed(e.measured(), 0, true);
            }
            return;
        }
        if (e.kind() == Kind.SYNC) {
            skipping = false;
        }
        expectations.add(e);
        sentNanos.add(e.measured() == null ? 0L : System.nanoTime());
    }

    /** True once the Sync of this group has been sent. */
    boolean closed() {
        return !expectations.isEmpty() && expectations.get(expectations.size() - 1).kind() == Kind.SYNC;
    }

    @Override
    public PgReplyQueue.Decision onFrame(byte type) {
        if (type == 'N' || type == 'S' || type == 'A') {
            return PgReplyQueue.Decision.FORWARD;
        }
        Expectation e = current();
        if (type == 'E') {
            if (e != null) {
                fail(e);
            }
            return PgReplyQueue.Decision.DISCARD_THEN_FORWARD;
        }
        if (e == null) {
            return PgReplyQueue.Decision.FORWARD;
        }
        if (type == 'Z') {
            return PgReplyQueue.Decision.RELEASE_THEN_FORWARD;
        }
        if (!e.visible()) {
            return PgReplyQueue.Decision.DROP;
        }
        return e.holdResults() ? PgReplyQueue.Decision.HOLD : PgReplyQueue.Decision.FORWARD;
    }

    @Override
    public boolean onFrameEnd(byte type) {
        Expectation e = current();
        if (e == null || type == 'N' || type == 'S' || type == 'A' || type == 'E') {
            return false;
        }
        boolean complete = switch (e.kind()) {
            case PARSE, BIND, CLOSE, DESCRIBE_PORTAL -> true;
            case DESCRIBE_STATEMENT -> {
                if (type == 't') {
                    describedParameters = true;
                    yield false;
                }
                describedParameters = false;
                yield true;
            }
            case EXECUTE -> type == 'C' || type == 'I' || type == 's';
            case SYNC -> type == 'Z';
        };
        if (!complete) {
            return false;
        }
        if (e.measured() != null) {
            planner.completed(e.measured(), (System.nanoTime() - sentNanos.get(cursor)) / 1000, false);
        }
        cursor++;
        if (e.kind() == Kind.SYNC) {
            done = true;
        }
        return e.releaseAfter();
    }

    /** The server rejected the current message and will ignore everything up to the Sync. */
    private void fail(Expectation e) {
        int sync = cursor;
        while (sync < expectations.size() && expectations.get(sync).kind() != Kind.SYNC) {
            Expectation lost = expectations.get(sync);
            if (lost.onError() != null) {
                lost.onError().run();
            }
            if (lost.measured() != null) {
                planner.completed(lost.measured(), (System.nanoTime() - sentNanos.get(sync)) / 1000, true);
            }
            sync++;
        }
        cursor = sync;
        if (sync == expectations.size()) {
            skipping = true;
        }
    }

    @Override
    public boolean done() {
        return done;
    }

    private Expectation current() {
        return cursor < expectations.size() ? expectations.get(cursor) : null;
    }
}
