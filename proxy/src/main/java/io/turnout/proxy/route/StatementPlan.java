package io.turnout.proxy.route;

import io.turnout.routing.model.Shape;

import java.util.List;

/**
 * What the proxy sends instead of a client's statement text.
 *
 * @param statements  in the order to send them; the client sees only the visible ones' replies
 * @param migrationId the migration that caused the plan
 * @param path        the shape that serves the client (for reads) or that is authoritative (for writes)
 * @param write       whether the statement writes
 * @param compare     for a read sampled for compare mode, what to compare once the client has its answer; else null
 * @param shadow      writes for another server, replayed after the client's transaction commits (may be empty)
 * @param values      the client's bound parameter values, once known (extended protocol), for the shadow writes
 */
public record StatementPlan(List<PlannedSql> statements, String migrationId, Shape path, boolean write,
                            CompareRequest compare, List<ShadowWrite> shadow, List<Object> values) {

    public StatementPlan {
        statements = List.copyOf(statements);
        shadow = shadow == null ? List.of() : List.copyOf(shadow);
        values = values == null || values.isEmpty() ? java.util.Collections.emptyList()
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    public StatementPlan(List<PlannedSql> statements, String migrationId, Shape path, boolean write,
                         CompareRequest compare) {
        this(statements, migrationId, path, write, compare, List.of(), List.of());
    }

    public StatementPlan(List<PlannedSql> statements, String migrationId, Shape path, boolean write) {
        this(statements, migrationId, path, write, null);
    }

    /** The same plan with the compare request and the shadow writes carrying the bound parameter values. */
    public StatementPlan withParameters(List<Object> bound) {
        return new StatementPlan(statements, migrationId, path, write,
                compare == null ? null : compare.withParameters(bound), shadow, bound);
    }

    public boolean hasHiddenStatements() {
        for (PlannedSql s : statements) {
            if (!s.visible()) {
                return true;
            }
        }
        return false;
    }

    /** How many statements the client sees the replies of (a loop, not a stream: asked once per statement). */
    public int visibleCount() {
        int n = 0;
        for (PlannedSql s : statements) {
            n += s.visible() ? 1 : 0;
        }
        return n;
    }

    /** The first statement whose reply the client sees, or null. */
    public PlannedSql firstVisible() {
        for (PlannedSql s : statements) {
            if (s.visible()) {
                return s;
            }
        }
        return null;
    }

    /** The statements joined into one simple-protocol query string. */
    public String joinedSql() {
        StringBuilder sb = new StringBuilder();
        for (PlannedSql s : statements) {
            if (!sb.isEmpty()) {
                sb.append(";\n");
            }
            sb.append(stripTrailingSemicolon(s.sql()));
        }
        return sb.toString();
    }

    private static String stripTrailingSemicolon(String sql) {
        int end = sql.length();
        while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
            end--;
        }
        return sql.substring(0, end);
    }
}
