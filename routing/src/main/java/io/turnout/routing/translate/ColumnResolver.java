package io.turnout.routing.translate;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Binds one column reference to the FROM item it belongs to (innermost scope first, qualifiers by alias or table
 * name) and records the references that belong to the migrating table. Refuses what it cannot prove.
 */
final class ColumnResolver {

    final List<ColumnUse> columns = new ArrayList<>();
    /** Stars ({@code *}, {@code t.*}) that expand a migrating table. */
    final List<int[]> migratingStars = new ArrayList<>();
    /** Unqualified references that bind to no known column: name, scope, start, end. */
    final List<Object[]> unbound = new ArrayList<>();

    private final TableModel model;
    private final Positions positions;
    private final String sql;

    ColumnResolver(TableModel model, Positions positions, String sql) {
        this.model = model;
        this.positions = positions;
        this.sql = sql;
    }

    void column(SqlIdentifier id, Scope scope) throws UntranslatableException {
        int n = id.names.size();
        if (id.isStar()) {
            star(id, scope);
            return;
        }
        String column = id.names.get(n - 1);
        SqlParserPos colPos = id.getComponentParserPosition(n - 1);
        boolean quoted = quotedAt(colPos);
        Source bound = n >= 2 ? byQualifier(id.names.get(n - 2), scope) : unqualified(column, quoted, scope, id);
        if (bound == null || !bound.migrating) {
            return;
        }
        int start = start(id);
        String qualifier = null;
        if (n >= 2) {
            int colStart = start(colPos);
            qualifier = start >= 0 && colStart >= 0 ? sql.substring(start, colStart) : id.names.get(n - 2) + ".";
        }
        columns.add(new ColumnUse(bound, column, quoted, start, end(id), start(colPos), end(colPos), qualifier,
                scope));
    }

    private void star(SqlIdentifier id, Scope scope) {
        int n = id.names.size();
        for (Scope s = scope; s != null; s = s.parent) {
            for (Source src : s.sources) {
                boolean covered = n == 1 || src.effectiveName().equalsIgnoreCase(id.names.get(n - 2));
                if (covered && src.migrating) {
                    migratingStars.add(new int[] {start(id), end(id)});
                }
            }
            if (n == 1) {
                return;
            }
        }
    }

    private Source byQualifier(String qualifier, Scope scope) {
        for (Scope s = scope; s != null; s = s.parent) {
            for (Source src : s.sources) {
                if (src.effectiveName() != null && src.effectiveName().equalsIgnoreCase(qualifier)) {
                    return src;
                }
            }
        }
        return null;
    }

    private Source unqualified(String column, boolean quoted, Scope scope, SqlIdentifier id)
            throws UntranslatableException {
        for (Scope s = scope; s != null; s = s.parent) {
            Source yes = null;
            boolean maybe = false;
            for (Source src : s.sources) {
                Source.Has has = src.has(column, quoted, model);
                if (has == Source.Has.YES) {
                    if (yes != null && (yes.migrating || src.migrating) && model.edits(column, quoted)) {
                        throw new UntranslatableException("column '" + column
                                + "' is ambiguous between two FROM items; qualify it");
                    }
                    yes = yes == null || src.migrating ? src : yes;
                } else if (has == Source.Has.MAYBE) {
                    maybe = true;
                }
            }
            if (yes != null) {
                if (yes.migrating && maybe && model.edits(column, quoted)) {
                    throw new UntranslatableException("unqualified column '" + column + "' next to other tables:"
                            + " cannot prove it belongs to " + model.table() + "; qualify it");
                }
                return yes;
            }
            if (maybe) {
                if (model.edits(column, quoted) && (s.outerContainsMigrating() || s.containsMigrating())) {
                    throw new UntranslatableException("cannot tell whether unqualified column '" + column
                            + "' belongs to table " + model.table() + " or to another table; qualify it");
                }
                unbound.add(new Object[] {column, s, start(id), end(id)});
                return null;
            }
        }
        return null;
    }

    private int start(SqlIdentifier id) {
        return positions.start(id);
    }

    private int end(SqlIdentifier id) {
        return positions.end(id);
    }

    private int start(SqlParserPos pos) {
        return positions.start(pos);
    }

    private int end(SqlParserPos pos) {
        return positions.end(pos);
    }

    private boolean quotedAt(SqlParserPos pos) {
        return positions.quotedAt(pos);
    }
}
