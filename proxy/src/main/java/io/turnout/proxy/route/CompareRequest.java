package io.turnout.proxy.route;

import io.turnout.routing.model.Phase;

import java.util.List;

/**
 * A sampled read whose two shapes are to be read and compared, after the client has its answer.
 *
 * @param oldSql      the read on the old shape
 * @param newSql      the same read on the new shape (same column names, order and types)
 * @param parameters  the statement's parameter values (strings, numbers, booleans, null), in order
 * @param ordered     whether the statement has a top-level ORDER BY (rows then compare in order)
 * @param fingerprint the statement's fingerprint, for the evidence
 */
public record CompareRequest(String migrationId, String oldSql, String newSql, List<Object> parameters,
                             boolean ordered, String fingerprint, Phase phase, double readPercent) {

    public CompareRequest {
        parameters = parameters == null ? List.of() : java.util.Collections.unmodifiableList(
                new java.util.ArrayList<>(parameters));
    }

    public CompareRequest withParameters(List<Object> values) {
        return new CompareRequest(migrationId, oldSql, newSql, values, ordered, fingerprint, phase, readPercent);
    }
}
