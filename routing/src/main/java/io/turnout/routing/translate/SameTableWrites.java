package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.sql.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * Dual writes for rename-column and replace-column: the new column is in the same table, so the statement itself
 * is extended to write it too. PostgreSQL evaluates every SET expression against the old row, so the value is
 * repeated ({@code $n} may repeat); MySQL assigns left to right and lets VALUES refer to earlier columns, so the new
 * column is computed from the old one and no {@code ?} is ever duplicated.
 */
final class SameTableWrites {

    private final WriteContext w;
    private final boolean rename;

    SameTableWrites(WriteContext w) {
        this.w = w;
        this.rename = w.spec().kind() == MigrationKind.RENAME_COLUMN;
    }

    DualWritePlan plan() throws UntranslatableException {
        List<Edit> edits = new ArrayList<>();
        Dml d = w.dml();
        if (d.verb == Dml.Verb.INSERT || d.verb == Dml.Verb.REPLACE) {
            insert(d, edits);
        }
        assignments(d.set, edits, d.multiTable);
        assignments(d.conflictSet, edits, false);
        String sql = Splicer.apply(w.sql(), edits);
        String purpose = edits.isEmpty() ? "writes no migrating column: unchanged"
                : "writes " + w.spec().column() + " and " + w.spec().to() + " in one statement";
        return DualWritePlan.single(new PlannedStatement(sql, w.identity(), true, purpose));
    }

    private void insert(Dml d, List<Edit> edits) throws UntranslatableException {
        if (d.insertColumns == null) {
            if (d.set.isEmpty() && !d.defaultValues) {
                throw new UntranslatableException("INSERT without a column list cannot be extended with "
                        + w.spec().to() + "; name the columns");
            }
            return;
        }
        int k = -1;
        for (int i = 0; i < d.insertColumns.size(); i++) {
            if (w.names(d.insertColumns.get(i), w.spec().column())) {
                k = i;
            }
        }
        if (k < 0) {
            return;
        }
        int colToken = d.insertColumns.get(k);
        String newCol = Names.like(w.dialect(), w.token(colToken).text(w.sql()), w.spec().to());
        edits.add(Edit.insert(w.token(colToken).end(), ", " + newCol));
        String oldCol = w.token(colToken).text(w.sql());
        for (List<int[]> row : d.rows) {
            if (row.size() != d.insertColumns.size()) {
                throw new UntranslatableException("VALUES row has " + row.size() + " values for "
                        + d.insertColumns.size() + " columns");
            }
            int[] v = row.get(k);
            String value = w.dialect() == Dialect.MYSQL ? fromOldColumn(oldCol) : duplicate(v[0], v[1]);
            edits.add(Edit.insert(w.endOf(v[1]), ", " + value));
        }
        if (d.queryFrom >= 0) {
            List<int[]> items = selectItems(d);
            if (items.size() != d.insertColumns.size()) {
                throw new UntranslatableException("INSERT ... SELECT: cannot match select items to columns");
            }
            int[] item = items.get(k);
            if (w.dialect() == Dialect.MYSQL && w.hasParam(item[0], item[1])) {
                throw new UntranslatableException("INSERT ... SELECT with a placeholder in the " + w.spec().column()
                        + " item cannot be written twice");
            }
            edits.add(Edit.insert(w.endOf(item[1]), ", " + duplicate(item[0], item[1])));
        }
    }

    private List<int[]> selectItems(Dml d) throws UntranslatableException {
        if (!w.token(d.queryFrom).isWord(w.sql(), "SELECT")
                || Tokens.findWord(w.tokens(), w.sql(), d.queryFrom, d.queryTo, "UNION", "INTERSECT", "EXCEPT")
                < d.queryTo) {
            throw new UntranslatableException("INSERT ... SELECT is only translated for a plain SELECT");
        }
        int first = d.queryFrom + 1;
        while (w.token(first).isWord(w.sql(), "DISTINCT") || w.token(first).isWord(w.sql(), "ALL")) {
            first++;
        }
        int from = Tokens.findWord(w.tokens(), w.sql(), first, d.queryTo, "FROM");
        List<int[]> items = Tokens.splitCommas(w.tokens(), first, from);
        for (int[] item : items) {
            if (w.text(item[0], item[1]).endsWith("*")) {
                throw new UntranslatableException("INSERT ... SELECT * cannot be matched to columns; list them");
            }
        }
        return items;
    }

    private void assignments(List<Dml.Assignment> list, List<Edit> edits, boolean multiTable)
            throws UntranslatableException {
        for (Dml.Assignment a : list) {
            int col = w.targetColumn(a);
            if (!w.names(col, w.spec().column()) || !w.assignsMigrating(a)) {
                continue;
            }
            String qualifier = w.sql().substring(w.startOf(a.targetFrom()), w.startOf(col));
            String target = qualifier + Names.like(w.dialect(), w.token(col).text(w.sql()), w.spec().to());
            String value;
            if (w.dialect() == Dialect.MYSQL && !multiTable) {
                value = fromOldColumn(qualifier + w.token(col).text(w.sql()));
            } else {
                if (w.dialect() == Dialect.MYSQL && w.hasParam(a.valueFrom(), a.valueTo())) {
                    throw new UntranslatableException("multi-table UPDATE with a placeholder in the "
                            + w.spec().column() + " value cannot be written twice; MySQL does not guarantee the "
                            + "assignment order");
                }
                value = duplicate(a.valueFrom(), a.valueTo());
            }
            edits.add(Edit.insert(w.endOf(a.valueTo()), ", " + target + " = " + value));
        }
    }

    /** The new column's value computed from a value expression (tokens {@code [from, to)}), evaluated again. */
    private String duplicate(int from, int to) throws UntranslatableException {
        Volatility.check(w.dialect(), w.sql(), w.tokens(), from, to);
        String value = w.text(from, to);
        if (to - from == 1 && w.token(from).isWord(w.sql(), "DEFAULT")) {
            throw new UntranslatableException("DEFAULT for " + w.spec().column() + " cannot be copied to "
                    + w.spec().to() + "; write the value");
        }
        if (rename) {
            return value;
        }
        String typed = w.spec().columnType() == null ? "(" + value + ")"
                : "CAST((" + value + ") AS " + w.spec().columnType() + ")";
        return Names.substitute(w.dialect(), w.spec().forward(), w.spec().column(), typed);
    }

    /** MySQL: the new column computed from the old one, which the statement has already set. */
    private String fromOldColumn(String oldColumnRef) {
        return rename ? oldColumnRef : Names.substitute(w.dialect(), w.spec().forward(), w.spec().column(),
                oldColumnRef);
    }
}
