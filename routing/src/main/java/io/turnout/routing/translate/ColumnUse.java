package io.turnout.routing.translate;

/**
 * A column reference bound to a source of the migrating table. {@code [start, end)} is the whole identifier,
 * {@code [colStart, colEnd)} its last component; {@code qualifier} is the written qualifier text or null.
 */
record ColumnUse(Source source, String column, boolean quoted, int start, int end, int colStart, int colEnd,
        String qualifier, Scope scope) {

    boolean qualified() {
        return qualifier != null;
    }
}
