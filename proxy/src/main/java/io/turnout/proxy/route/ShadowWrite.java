package io.turnout.proxy.route;

import java.util.List;

/**
 * A write the new shape needs on another server (move-table with a target): it cannot share the client's
 * transaction, so it is replayed asynchronously after the client's transaction committed.
 *
 * @param server the target server's name (the spec's {@code target})
 * @param sql    the statement, written in the client's dialect
 * @param params the client's parameter numbers (1-based) its placeholders take, in order
 */
public record ShadowWrite(String migrationId, String server, String sql, List<Integer> params) {

    public ShadowWrite {
        params = List.copyOf(params);
    }
}
