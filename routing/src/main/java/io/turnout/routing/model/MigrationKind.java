package io.turnout.routing.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The four expand-and-contract migrations Turnout can route. */
public enum MigrationKind {
    /** {@code table.column} becomes {@code table.to}; both columns live in the same table while migrating. */
    RENAME_COLUMN("rename-column"),
    /** {@code table.column} is replaced by {@code table.to = forward(column)}; reads use {@code backward(to)}. */
    REPLACE_COLUMN("replace-column"),
    /** {@code table} becomes {@code to}, with optional column renames. */
    MOVE_TABLE("move-table"),
    /** Some columns of {@code table} move to table {@code to}, keyed by {@code to.targetKey = table.key}. */
    SPLIT_TABLE("split-table");

    private final String wireName;

    MigrationKind(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static MigrationKind parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (MigrationKind kind : values()) {
            if (kind.wireName.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown migration kind '" + text
                + "'; expected one of rename-column, replace-column, move-table, split-table");
    }
}
