package io.turnout.routing.translate;

import java.util.List;

/** One item of a FROM clause (a table, a derived table or a CTE reference) and where it sits in the original. */
final class Source {

    enum Has { YES, NO, MAYBE }

    final String table;
    final String alias;
    final boolean migrating;
    final boolean newTable;
    /** Output column names of a derived table or CTE; null when unknown (base tables, {@code *}). */
    final List<String> labels;
    /** True for {@code EXCLUDED}: only reachable through its qualifier. */
    final boolean qualifiedOnly;
    final Scope scope;
    int nameStart = -1;
    int nameEnd = -1;
    int refEnd = -1;
    /** Where a LEFT JOIN for split-table goes: after the ON condition, or after the table reference. */
    int joinAt = -1;
    /** NATURAL or USING join: adding a join next to it is not safe. */
    boolean joinUnsafe;
    String nameText;

    Source(Scope scope, String table, String alias, boolean migrating, boolean newTable, List<String> labels,
            boolean qualifiedOnly) {
        this.scope = scope;
        this.table = table;
        this.alias = alias;
        this.migrating = migrating;
        this.newTable = newTable;
        this.labels = labels;
        this.qualifiedOnly = qualifiedOnly;
    }

    String effectiveName() {
        return alias != null ? alias : table;
    }

    boolean hasAlias() {
        return alias != null;
    }

    boolean mapped() {
        return nameStart >= 0;
    }

    Has has(String column, boolean quoted, TableModel model) {
        if (qualifiedOnly) {
            return Has.NO;
        }
        if (migrating) {
            return model.knows(column, quoted) ? Has.YES : Has.MAYBE;
        }
        if (labels == null) {
            return Has.MAYBE;
        }
        for (String label : labels) {
            if (model.sameName(column, quoted, label) || label.equalsIgnoreCase(column)) {
                return Has.YES;
            }
        }
        return Has.NO;
    }
}
