package io.turnout.proxy.route;

/**
 * One statement the proxy sends for a client statement.
 *
 * @param sql             the text to send
 * @param clientStatement which of the client's statements (0-based, in the client's text) this one serves
 * @param visible         whether the client sees its replies (false for injected dual writes and same-connection
 *                        compare reads, whose replies are removed from the stream)
 */
public record PlannedSql(String sql, int clientStatement, boolean visible) {
}
