package io.turnout.proxy.route;

import io.turnout.routing.model.Shape;

import java.util.function.IntFunction;

/**
 * What a planner may know about the session a statement comes from, and about the execution being planned.
 *
 * @param stickyKey       the session's routing key (user, application name, client address)
 * @param inTransaction   whether the session is inside a transaction block
 * @param transactionPath the path the transaction's reads already took, or null if none yet
 * @param parameters      the execution's bound parameter values by 1-based number (text, or numbers decoded from
 *                        binary); null for a parameter that is unknown or SQL NULL, and for every parameter
 *                        before Bind / COM_STMT_EXECUTE
 */
public record SessionView(long stickyKey, boolean inTransaction, Shape transactionPath,
                          IntFunction<Object> parameters) {

    private static final IntFunction<Object> NO_PARAMETERS = n -> null;

    public SessionView {
        parameters = parameters == null ? NO_PARAMETERS : parameters;
    }

    public SessionView(long stickyKey, boolean inTransaction, Shape transactionPath) {
        this(stickyKey, inTransaction, transactionPath, NO_PARAMETERS);
    }

    /** The same session, planning an execution with these bound values. */
    public SessionView withParameters(IntFunction<Object> bound) {
        return new SessionView(stickyKey, inTransaction, transactionPath, bound);
    }
}
