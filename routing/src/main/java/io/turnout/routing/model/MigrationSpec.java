package io.turnout.routing.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One migration, as written in a migrations file. One record for all kinds; {@link #validate(String)} says which
 * fields each kind needs. Names are stored as written; the translator compares them with SQL identifiers using the
 * dialect's case rules.
 *
 * @param id          unique name of the migration, e.g. {@code m1}
 * @param kind        what the migration does
 * @param table       the table being migrated (old shape)
 * @param column      rename-column / replace-column: the old column
 * @param to          new column name (rename-/replace-column) or new table name (move-table, split-table)
 * @param forward     replace-column: SQL expression computing {@code to} from {@code column}
 * @param backward    replace-column: SQL expression computing {@code column} from {@code to}, typed as the old column
 * @param columnType  replace-column, optional: SQL type of the old column, used to round values like a store would
 * @param renames     move-table, optional: old column name to new column name
 * @param columns     split-table: the columns that move to {@code to}
 * @param key         the old table's key column (default {@code id})
 * @param targetKey   split-table: the new table's column that holds {@code key} (required)
 * @param target      move-table, optional: name of another server of the same engine holding {@code to}
 * @param phase       where the migration stands (default off)
 * @param stickyKey   optional: the column of {@code table} whose value in a read's WHERE picks the read's sample
 *                    bucket (default {@code key}); {@value #SESSION_ONLY} routes by the session alone
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationSpec(String id, MigrationKind kind, String table, String column, String to, String forward,
        String backward, String columnType, Map<String, String> renames, List<String> columns, String key,
        String targetKey, String target, Phase phase, String stickyKey) {

    /** The {@code sticky-key} value that turns key-based read sampling off: reads follow the session. */
    public static final String SESSION_ONLY = "session";

    /** A spec with the default sticky key (the table's key column). */
    public MigrationSpec(String id, MigrationKind kind, String table, String column, String to, String forward,
            String backward, String columnType, Map<String, String> renames, List<String> columns, String key,
            String targetKey, String target, Phase phase) {
        this(id, kind, table, column, to, forward, backward, columnType, renames, columns, key, targetKey, target,
                phase, null);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public MigrationSpec {
        renames = renames == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(renames));
        columns = columns == null ? List.of() : List.copyOf(columns);
        key = key == null || key.isBlank() ? "id" : key;
        phase = phase == null ? Phase.OFF : phase;
    }

    /** A copy in another phase. */
    public MigrationSpec withPhase(Phase next) {
        return new MigrationSpec(id, kind, table, column, to, forward, backward, columnType, renames, columns, key,
                targetKey, target, next, stickyKey);
    }

    /**
     * The column of {@link #table} whose value in a read's WHERE clause decides the read's sample bucket: the
     * {@code sticky-key} field, else the key column; null when reads follow the session only.
     */
    public String stickyColumn() {
        if (stickyKey == null) {
            return key;
        }
        return stickyKey.equalsIgnoreCase(SESSION_ONLY) ? null : stickyKey;
    }

    /** The table name of the new shape (the old one for column migrations). */
    public String newTable() {
        return kind == MigrationKind.MOVE_TABLE || kind == MigrationKind.SPLIT_TABLE ? to : table;
    }

    /** Every table name whose mention sends a statement to the slow path, lower case. */
    public Set<String> mentionedTables() {
        Set<String> names = new TreeSet<>();
        names.add(table.toLowerCase(Locale.ROOT));
        names.add(newTable().toLowerCase(Locale.ROOT));
        return names;
    }

    /** The new name of an old column of {@link #table} (itself when it keeps its name). */
    public String renamedColumn(String oldColumn) {
        for (Map.Entry<String, String> e : renames.entrySet()) {
            if (e.getKey().equalsIgnoreCase(oldColumn)) {
                return e.getValue();
            }
        }
        return oldColumn;
    }

    /**
     * The same migration seen from the new shape: translating SQL written against the new shape with the inverse
     * gives the old-shape statement. Split-table has no inverse (merging tables back is not supported).
     */
    public MigrationSpec inverse() {
        return switch (kind) {
            case RENAME_COLUMN -> new MigrationSpec(id, kind, table, to, column, null, null, null, null, null, key,
                    null, null, phase, stickyKey != null && stickyKey.equalsIgnoreCase(column) ? to : stickyKey);
            case REPLACE_COLUMN -> new MigrationSpec(id, kind, table, to, column, backward, forward, null, null, null,
                    key, null, null, phase, stickyKey);
            case MOVE_TABLE -> {
                Map<String, String> back = new LinkedHashMap<>();
                renames.forEach((o, n) -> back.put(n, o));
                yield new MigrationSpec(id, kind, to, null, table, null, null, null, back, null, renamedColumn(key),
                        null, target, phase, stickyKey == null || stickyColumn() == null ? stickyKey
                        : renamedColumn(stickyKey));
            }
            case SPLIT_TABLE -> throw new UnsupportedOperationException("split-table has no inverse");
        };
    }

    /** Every problem of this spec, each naming the field, e.g. {@code migrations[0].to: required for ...}. */
    public List<String> validate(String where) {
        List<String> errors = new ArrayList<>();
        require(errors, where, "id", id, "every migration needs a unique id");
        if (kind == null) {
            errors.add(where + ".kind: required; one of rename-column, replace-column, move-table, split-table");
            return errors;
        }
        String why = "required for " + kind.wireName();
        require(errors, where, "table", table, why);
        require(errors, where, "to", to, why);
        switch (kind) {
            case RENAME_COLUMN -> require(errors, where, "column", column, why);
            case REPLACE_COLUMN -> {
                require(errors, where, "column", column, why);
                require(errors, where, "forward", forward, why + " (SQL computing the new column from the old)");
                require(errors, where, "backward", backward, why + " (SQL computing the old column from the new)");
            }
            case MOVE_TABLE -> renames.forEach((o, n) -> {
                if (n == null || n.isBlank()) {
                    errors.add(where + ".renames." + o + ": the new column name is empty");
                }
            });
            case SPLIT_TABLE -> {
                require(errors, where, "target-key", targetKey, why + " (the new table's column holding the key)");
                if (columns.isEmpty()) {
                    errors.add(where + ".columns: " + why + " (at least one column moves)");
                }
            }
        }
        checkName(errors, where, "table", table);
        checkName(errors, where, "to", to);
        checkName(errors, where, "column", column);
        checkName(errors, where, "key", key);
        checkName(errors, where, "target-key", targetKey);
        checkStickyKey(errors, where);
        for (int i = 0; i < columns.size(); i++) {
            checkName(errors, where, "columns[" + i + "]", columns.get(i));
        }
        if (kind != MigrationKind.MOVE_TABLE && target != null) {
            errors.add(where + ".target: only move-table can target another server");
        }
        if (to != null && table != null && to.equalsIgnoreCase(kind == MigrationKind.RENAME_COLUMN
                || kind == MigrationKind.REPLACE_COLUMN ? String.valueOf(column) : table)) {
            errors.add(where + ".to: must differ from the old name");
        }
        return errors;
    }

    private void checkStickyKey(List<String> errors, String where) {
        if (stickyKey == null || stickyColumn() == null) {
            return;
        }
        checkName(errors, where, "sticky-key", stickyKey);
        if (kind == MigrationKind.REPLACE_COLUMN && stickyKey.equalsIgnoreCase(column)) {
            errors.add(where + ".sticky-key: '" + stickyKey + "' is the replaced column, whose values differ between"
                    + " the shapes; name a column both shapes share (default: the key column)");
        }
        if (kind == MigrationKind.SPLIT_TABLE && columns.stream().anyMatch(stickyKey::equalsIgnoreCase)) {
            errors.add(where + ".sticky-key: '" + stickyKey + "' moves to " + to + "; name a column that stays in "
                    + table + " (default: the key column)");
        }
    }

    private static void require(List<String> errors, String where, String field, String value, String why) {
        if (value == null || value.isBlank()) {
            errors.add(where + "." + field + ": " + why);
        }
    }

    private static void checkName(List<String> errors, String where, String field, String value) {
        if (value != null && !value.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
            errors.add(where + "." + field + ": '" + value
                    + "' is not a plain identifier (letters, digits, _ and $; quoted names are not supported)");
        }
    }
}
