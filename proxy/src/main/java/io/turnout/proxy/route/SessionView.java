package io.turnout.proxy.route;

import io.turnout.routing.model.Shape;

/**
 * What a planner may know about the session a statement comes from.
 *
 * @param stickyKey       the session's routing key (user, application name, client address)
 * @param inTransaction   whether the session is inside a transaction block
 * @param transactionPath the path the transaction's reads already took, or null if none yet
 */
public record SessionView(long stickyKey, boolean inTransaction, Shape transactionPath) {
}
