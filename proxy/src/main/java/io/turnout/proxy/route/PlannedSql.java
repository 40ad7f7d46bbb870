package io.turnout.proxy.route;

/**
 * One statement the proxy sends for a client statement.
 *
 * @param sql             the text to send
 * @param clientStatement which of the client's statements (0-based, in the client's text) this one serves
 * @param visible         whether the client sees its replies (false for injected dual writes and same-connection
 *                        compare reads, whose replies are removed from the stream)
 * @param params          the client's parameter numbers (1-based) that this statement's placeholders take, in order;
 *                        null when they are the client's own, unchanged
 */
public record PlannedSql(String sql, int clientStatement, boolean visible, java.util.List<Integer> params) {

    public PlannedSql(String sql, int clientStatement, boolean visible) {
        this(sql, clientStatement, visible, null);
    }

    public PlannedSql {
        params = params == null ? null : java.util.List.copyOf(params);
    }

    /** Whether the placeholders take the client's parameters as numbered: its own, or 1..n in order. */
    public boolean takesClientParametersInOrder() {
        if (params == null) {
            return true;
        }
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) != i + 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the client's parameters fit this statement as they were sent, {@code sent} of them: it takes the
     * client's own, or 1..n in order and the client sent exactly n (a repeated parameter keeps the numbering).
     */
    public boolean takesParametersAsSent(int sent) {
        return params == null || params.size() == sent && takesClientParametersInOrder();
    }
}
