package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.sql.Dialect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the facts of a statement into the edits that make it read (or write) the new shape: renamed columns,
 * backward expressions, the moved table, the LEFT JOIN of a split table, and the aliases that keep every result
 * column's name.
 */
final class ReadRewriter {

    private final Dialect dialect;
    private final MigrationSpec spec;
    private final TableModel model;
    private final String sql;

    ReadRewriter(Dialect dialect, MigrationSpec spec, TableModel model, String sql) {
        this.dialect = dialect;
        this.spec = spec;
        this.model = model;
        this.sql = sql;
    }

    List<Edit> edits(Facts facts) throws UntranslatableException {
        List<Edit> edits = new ArrayList<>();
        boolean tableKind = spec.kind() == io.turnout.routing.model.MigrationKind.MOVE_TABLE
                || spec.kind() == io.turnout.routing.model.MigrationKind.SPLIT_TABLE;
        if (tableKind && !facts.migratingStars.isEmpty()) {
            throw new UntranslatableException("SELECT * over table " + spec.table() + " cannot keep its columns on the"
                    + " new shape of " + spec.kind().wireName() + "; list the columns");
        }
        Map<Source, String> joins = new HashMap<>();
        for (ColumnUse c : facts.columns) {
            if (c.start() < 0 || c.colStart() < 0) {
                continue;
            }
            switch (spec.kind()) {
                case RENAME_COLUMN -> {
                    if (model.sameName(c.column(), c.quoted(), spec.column())) {
                        edits.add(new Edit(c.colStart(), c.colEnd(), Names.like(dialect, text(c.colStart(),
                                c.colEnd()), spec.to())));
                    }
                }
                case REPLACE_COLUMN -> {
                    if (model.sameName(c.column(), c.quoted(), spec.column())) {
                        String q = c.qualifier() == null ? "" : c.qualifier();
                        edits.add(new Edit(c.start(), c.end(), "(" + Names.substitute(dialect, spec.backward(),
                                spec.to(), q + spec.to()) + ")"));
                    }
                }
                case MOVE_TABLE -> {
                    String renamed = spec.renamedColumn(c.column());
                    if (!renamed.equals(c.column())) {
                        edits.add(new Edit(c.colStart(), c.colEnd(), Names.like(dialect, text(c.colStart(),
                                c.colEnd()), renamed)));
                    }
                }
                case SPLIT_TABLE -> split(c, joins, edits);
            }
        }
        for (Source s : facts.tables) {
            if (!s.migrating || !s.mapped()) {
                continue;
            }
            if (spec.kind() == io.turnout.routing.model.MigrationKind.MOVE_TABLE) {
                edits.add(new Edit(s.nameStart, s.nameEnd, Names.like(dialect, s.nameText, spec.to())));
                boolean qualifiedUse = facts.columns.stream().anyMatch(c -> c.source() == s && c.qualified());
                if (!s.hasAlias() && qualifiedUse) {
                    edits.add(Edit.insert(s.nameEnd, " " + s.nameText));
                }
            } else if (joins.containsKey(s)) {
                if (s.joinUnsafe || s.joinAt < 0) {
                    throw new UntranslatableException("table " + s.table + " is joined with NATURAL or USING; the"
                            + " split-table join cannot be added safely");
                }
                String eff = s.hasAlias() ? Names.safe(dialect, s.alias) : s.nameText;
                String alias = joins.get(s);
                edits.add(Edit.insert(s.joinAt, " LEFT JOIN " + spec.to() + " " + alias + " ON " + alias + "."
                        + spec.targetKey() + " = " + eff + "." + spec.key()));
            }
        }
        if (!joins.isEmpty()) {
            qualifyInSplitScopes(facts, joins, edits);
        }
        labels(facts, edits);
        return edits;
    }

    private void split(ColumnUse c, Map<Source, String> joins, List<Edit> edits) {
        boolean moved = spec.columns().stream().anyMatch(m -> model.sameName(c.column(), c.quoted(), m));
        if (!moved) {
            return;
        }
        String alias = joins.computeIfAbsent(c.source(), s -> "tsplit_" + spec.to() + (joins.isEmpty() ? ""
                : "_" + joins.size()));
        edits.add(new Edit(c.start(), c.end(), alias + "." + text(c.colStart(), c.colEnd())));
    }

    /** In a scope that gains the split table, unqualified names that the new table also has must be qualified. */
    private void qualifyInSplitScopes(Facts facts, Map<Source, String> joins, List<Edit> edits)
            throws UntranslatableException {
        for (ColumnUse c : facts.columns) {
            boolean moved = spec.columns().stream().anyMatch(m -> model.sameName(c.column(), c.quoted(), m));
            if (!moved && !c.qualified() && joins.containsKey(c.source()) && c.start() >= 0) {
                Source s = c.source();
                edits.add(Edit.insert(c.start(), (s.hasAlias() ? Names.safe(dialect, s.alias) : s.nameText) + "."));
            }
        }
        for (Object[] u : facts.unbound) {
            Scope scope = (Scope) u[1];
            boolean joined = scope.sources.stream().anyMatch(joins::containsKey);
            if (joined && model.sameName((String) u[0], false, spec.targetKey())) {
                throw new UntranslatableException("unqualified column '" + u[0] + "' would become ambiguous once "
                        + spec.to() + " is joined; qualify it");
            }
        }
    }

    /** Keeps result column names: an item whose label came from an edited column gets the old label as alias. */
    private void labels(Facts facts, List<Edit> edits) throws UntranslatableException {
        List<Edit> added = new ArrayList<>();
        for (SelectItem item : facts.items) {
            if (item.aliased() || item.end() < 0) {
                continue;
            }
            boolean labelEdited = item.labelStart() >= 0 && edits.stream().anyMatch(e -> e.start() < item.labelEnd()
                    && e.end() > item.labelStart() || (e.isInsert() && e.start() == item.labelStart()));
            boolean itemEdited = item.start() >= 0 && edits.stream().anyMatch(e -> !e.isInsert()
                    && e.start() >= item.start() && e.end() <= item.end());
            // split-table only re-qualifies (tsplit_x.bio): the column name, hence the label, stays
            boolean labelKept = spec.kind() == io.turnout.routing.model.MigrationKind.SPLIT_TABLE;
            if (labelEdited && !labelKept) {
                String label = text(item.labelStart(), item.labelEnd());
                added.add(Edit.insert(item.end(), " AS " + label));
            } else if (dialect == Dialect.MYSQL && itemEdited && item.labelStart() < 0) {
                String original = text(item.start(), item.end());
                if (original.contains("`") || original.contains("\n") || original.length() > 64) {
                    throw new UntranslatableException("result column '" + original + "' has no alias and its name"
                            + " would change; give it an alias");
                }
                added.add(Edit.insert(item.end(), " AS " + dialect.quote(original)));
            }
        }
        edits.addAll(added);
    }

    private String text(int from, int to) {
        return sql.substring(from, to);
    }
}
