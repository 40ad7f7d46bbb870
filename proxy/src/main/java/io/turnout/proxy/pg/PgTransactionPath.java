package io.turnout.proxy.pg;

import io.turnout.proxy.route.SessionView;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.routing.model.Shape;

import java.util.regex.Pattern;

/**
 * The read path of one session's current transaction: every statement of a transaction takes the path of its first
 * planned statement. The server's ReadyForQuery status says whether a transaction is open, but a client that
 * pipelines {@code BEGIN} with its first statements (pgjdbc with autocommit off does) has them planned before that
 * status arrives; a {@code BEGIN} / {@code START TRANSACTION} seen on the way to the server therefore counts as open
 * until the next ReadyForQuery confirms it.
 */
final class PgTransactionPath {

    private static final Pattern OPENS = Pattern.compile("\\s*(BEGIN|START\\s+TRANSACTION)\\b",
            Pattern.CASE_INSENSITIVE);

    private Shape path;
    private boolean beginInFlight;

    /** A statement text the client sent (Query or Parse). */
    void sent(String sql) {
        if (OPENS.matcher(sql).lookingAt()) {
            beginInFlight = true;
        }
    }

    /** A ReadyForQuery arrived: from now on its status tells. */
    void ready() {
        beginInFlight = false;
    }

    /** The session as the planner sees it; outside a transaction block the transaction's path is forgotten. */
    SessionView view(long stickyKey, byte transactionStatus) {
        boolean inTransaction = open(transactionStatus);
        if (!inTransaction) {
            path = null;
        }
        return new SessionView(stickyKey, inTransaction, path);
    }

    /** The first planned statement of a transaction sets its path. */
    void planned(StatementPlan plan, byte transactionStatus) {
        if (open(transactionStatus) && path == null) {
            path = plan.path();
        }
    }

    private boolean open(byte transactionStatus) {
        return transactionStatus != 'I' || beginInFlight;
    }
}
