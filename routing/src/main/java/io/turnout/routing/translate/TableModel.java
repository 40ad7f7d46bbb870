package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.sql.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * What the analyser knows about the migrating table: its name, the new table's name, and the columns it surely
 * has (the ones the migration is about, its key and its sticky key column, or null). Names compare with the dialect's rules: PostgreSQL folds unquoted names to
 * lower case and keeps quoted ones exact; MySQL ignores case.
 */
record TableModel(Dialect dialect, String table, String newTable, List<String> knownColumns,
        List<String> editedColumns, String stickyColumn) {

    static TableModel of(Dialect dialect, MigrationSpec spec) {
        List<String> known = new ArrayList<>();
        List<String> edited = new ArrayList<>();
        switch (spec.kind()) {
            case RENAME_COLUMN, REPLACE_COLUMN -> {
                known.add(spec.column());
                known.add(spec.to());
            }
            case MOVE_TABLE -> known.addAll(spec.renames().keySet());
            case SPLIT_TABLE -> known.addAll(spec.columns());
        }
        edited.addAll(known);
        known.add(spec.key());
        if (spec.stickyColumn() != null && !spec.stickyColumn().equalsIgnoreCase(spec.key())) {
            known.add(spec.stickyColumn());
        }
        String newTable = spec.kind() == MigrationKind.MOVE_TABLE || spec.kind() == MigrationKind.SPLIT_TABLE
                ? spec.to() : null;
        return new TableModel(dialect, spec.table(), newTable, List.copyOf(known), List.copyOf(edited),
                spec.stickyColumn());
    }

    boolean sameName(String written, boolean quoted, String name) {
        return dialect == Dialect.POSTGRES && quoted ? written.equals(name) : written.equalsIgnoreCase(name);
    }

    boolean isTable(String written, boolean quoted) {
        return sameName(written, quoted, table);
    }

    boolean isNewTable(String written, boolean quoted) {
        return newTable != null && sameName(written, quoted, newTable);
    }

    /** True for the columns a translation may edit: only those make an unprovable binding untranslatable. */
    boolean edits(String column, boolean quoted) {
        for (String k : editedColumns) {
            if (sameName(column, quoted, k)) {
                return true;
            }
        }
        return false;
    }

    boolean knows(String column, boolean quoted) {
        for (String k : knownColumns) {
            if (sameName(column, quoted, k)) {
                return true;
            }
        }
        return false;
    }
}
