package io.turnout.proxy.admin;

import io.turnout.routing.model.Phase;

import java.time.Instant;
import java.util.List;

/**
 * What was kept of one confirmed compare mismatch: the statement's fingerprint and text, its parameters after
 * redaction, where the migration stood, and the first differing rows of each side (rendered as text).
 */
public record CompareEvidence(String migrationId, Instant at, String fingerprint, String statement,
                              List<String> parameters, Phase phase, double readPercent, List<String> oldRows,
                              List<String> newRows, String detail) {

    public CompareEvidence {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        oldRows = oldRows == null ? List.of() : List.copyOf(oldRows);
        newRows = newRows == null ? List.of() : List.copyOf(newRows);
    }
}
