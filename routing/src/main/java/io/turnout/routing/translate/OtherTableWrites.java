package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.sql.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * Dual writes when the new shape is another table. Move-table replays the statement on the new table after the
 * original (the new table mirrors the old, so it sees the same rows). Split-table writes the moved columns into the
 * new table keyed by the old key: profile rows are upserted before an UPDATE (so the WHERE sees the rows as the
 * original does), inserted after an INSERT, and deleted before a DELETE (children before parents).
 */
final class OtherTableWrites {

    private final WriteContext w;
    private final Dml d;

    OtherTableWrites(WriteContext w) {
        this.w = w;
        this.d = w.dml();
    }

    DualWritePlan plan() throws UntranslatableException {
        PlannedStatement original = new PlannedStatement(w.sql(), w.identity(), true, "the client's statement");
        return w.spec().kind() == MigrationKind.MOVE_TABLE ? move(original) : split(original);
    }

    private DualWritePlan move(PlannedStatement original) throws UntranslatableException {
        if (w.spec().target() != null && w.facts().tables.stream().anyMatch(s -> !s.migrating && s.mapped())) {
            throw new UntranslatableException("the write reads other tables, which are not on server "
                    + w.spec().target() + " where " + w.spec().to() + " lives");
        }
        Volatility.check(w.dialect(), w.sql(), w.tokens(), 0, w.tokens().size());
        if (d.verb == Dml.Verb.INSERT || d.verb == Dml.Verb.REPLACE) {
            requireKey();
        }
        if (d.conflictConstraint) {
            throw new UntranslatableException("ON CONFLICT ON CONSTRAINT names a constraint of " + w.spec().table()
                    + "; name the conflict columns instead");
        }
        if (d.multiTable && d.set.stream().anyMatch(a -> !w.assignsMigrating(a))) {
            throw new UntranslatableException("multi-table UPDATE that also writes other tables cannot be replayed on "
                    + w.spec().to() + " (the other tables would be written twice)");
        }
        if (d.verb == Dml.Verb.UPDATE && d.limitFrom >= 0) {
            throw new UntranslatableException("UPDATE ... LIMIT on a moved table may pick other rows in "
                    + w.spec().to() + "; add a WHERE on the key instead");
        }
        List<Edit> edits = new ReadRewriter(w.dialect(), w.spec(), w.model(), w.sql()).edits(w.facts());
        if (d.verb == Dml.Verb.INSERT || d.verb == Dml.Verb.REPLACE) {
            int name = w.tableNameToken();
            edits.add(new Edit(w.startOf(name), w.token(name).end(),
                    Names.like(w.dialect(), w.token(name).text(w.sql()), w.spec().to())));
            if (d.insertColumns != null) {
                for (int c : d.insertColumns) {
                    renameToken(c, edits);
                }
            }
        }
        if (!d.multiTable) {
            for (Dml.Assignment a : d.set) {
                renameToken(w.targetColumn(a), edits);
            }
        }
        for (Dml.Assignment a : d.conflictSet) {
            renameToken(w.targetColumn(a), edits);
        }
        if (d.returningFrom >= 0) {
            int cut = w.startOf(d.returningFrom);
            edits.removeIf(e -> e.start() >= cut);
            edits.add(new Edit(cut, w.endOf(d.returningTo), ""));
        }
        StatementWriter replay = new StatementWriter(w.dialect(), w.sql(), w.tokens());
        if (d.verb == Dml.Verb.DELETE && d.limitFrom >= 0) {
            if (w.spec().target() != null) {
                throw new UntranslatableException("DELETE ... LIMIT cannot be mirrored to " + w.spec().to()
                        + " on server " + w.spec().target() + "; delete by key");
            }
            return new DualWritePlan(List.of(original, deleteMissing(edits)), false);
        }
        replay.copyEdited(0, w.sql().length(), edits);
        PlannedStatement mirrored = replay.build(false, "replays the write on " + w.spec().to()
                + (w.spec().target() != null ? " on server " + w.spec().target() + " (not atomic with the client's"
                + " transaction)" : ""));
        return new DualWritePlan(List.of(original, w.spec().target() != null ? mirrored.onServer(w.spec().target())
                : mirrored), false);
    }

    /** After a DELETE ... LIMIT: delete from the new table the rows matching WHERE that the old table lost. */
    private PlannedStatement deleteMissing(List<Edit> edits) throws UntranslatableException {
        String newTable = w.spec().to();
        String key = w.spec().renamedColumn(w.spec().key());
        StatementWriter out = new StatementWriter(w.dialect(), w.sql(), w.tokens());
        out.glue("DELETE FROM " + newTable + " WHERE ");
        if (d.whereFrom >= 0) {
            out.glue("(").copyEdited(w.startOf(d.whereFrom), w.endOf(d.whereTo), edits).glue(") AND ");
        }
        out.glue("NOT EXISTS (SELECT 1 FROM " + w.text(d.tableFrom, d.tableTo) + " tmove_old WHERE tmove_old."
                + w.spec().key() + " = " + newTable + "." + key + ")");
        return out.build(false, "deletes from " + newTable + " the rows the limited DELETE removed");
    }

    private void renameToken(int token, List<Edit> edits) {
        String bare = w.bare(token);
        String renamed = w.spec().renamedColumn(bare);
        if (!renamed.equals(bare)) {
            edits.add(new Edit(w.startOf(token), w.token(token).end(),
                    Names.like(w.dialect(), w.token(token).text(w.sql()), renamed)));
        }
    }

    private int requireKey() throws UntranslatableException {
        if (d.insertColumns != null) {
            for (int i = 0; i < d.insertColumns.size(); i++) {
                if (w.names(d.insertColumns.get(i), w.spec().key())) {
                    return i;
                }
            }
        }
        for (Dml.Assignment a : d.set) {
            if (w.names(w.targetColumn(a), w.spec().key())) {
                return -1;
            }
        }
        throw new UntranslatableException("INSERT without an explicit " + w.spec().key() + ": a generated key cannot"
                + " be mirrored into " + w.spec().to() + "; send the key");
    }

    private DualWritePlan split(PlannedStatement original) throws UntranslatableException {
        if (d.verb == Dml.Verb.REPLACE || d.ignore || d.conflictFrom >= 0) {
            throw new UntranslatableException(d.verb + (d.ignore ? " IGNORE" : "") + (d.conflictFrom >= 0
                    ? " with a conflict clause" : "") + " on a split table is not translated");
        }
        if (d.multiTable || d.fromListFrom >= 0 || d.limitFrom >= 0 || d.orderFrom >= 0) {
            throw new UntranslatableException("multi-table, FROM/USING, ORDER BY or LIMIT writes on a split table"
                    + " are not translated");
        }
        for (Dml.Assignment a : d.set) {
            if (w.names(w.targetColumn(a), w.spec().key())) {
                throw new UntranslatableException("UPDATE changes the key " + w.spec().key() + " of split table "
                        + w.spec().table() + "; the rows of " + w.spec().to() + " cannot follow it safely");
            }
        }
        return switch (d.verb) {
            case INSERT -> new DualWritePlan(List.of(original, splitInsert()), false);
            case UPDATE -> splitUpdate(original);
            default -> new DualWritePlan(List.of(splitDelete(), original), false);
        };
    }

    private PlannedStatement splitInsert() throws UntranslatableException {
        if (d.rows.isEmpty()) {
            throw new UntranslatableException("only INSERT ... VALUES is translated for a split table");
        }
        int key = requireKey();
        if (key < 0) {
            throw new UntranslatableException("INSERT ... SET on a split table is not translated");
        }
        List<Integer> moved = new ArrayList<>();
        StringBuilder cols = new StringBuilder(w.spec().targetKey());
        for (int i = 0; i < d.insertColumns.size(); i++) {
            for (String m : w.spec().columns()) {
                if (w.names(d.insertColumns.get(i), m)) {
                    moved.add(i);
                    cols.append(", ").append(m);
                }
            }
        }
        StatementWriter out = new StatementWriter(w.dialect(), w.sql(), w.tokens());
        if (moved.size() < w.spec().columns().size()) {
            return copiedInsert(out, key);
        }
        out.glue("INSERT INTO " + w.spec().to() + " (" + cols + ") VALUES ");
        for (int r = 0; r < d.rows.size(); r++) {
            List<int[]> row = d.rows.get(r);
            out.glue(r == 0 ? "(" : ", (");
            value(out, row.get(key));
            for (int i : moved) {
                out.glue(", ");
                value(out, row.get(i));
            }
            out.glue(")");
        }
        return out.build(false, "inserts the moved columns into " + w.spec().to());
    }

    /**
     * The INSERT leaves a moved column out, so the old table gave it its own default (or a trigger's value), which the
     * new table's default need not match: the new rows copy every moved column from the old rows just inserted
     * (the original runs first), found by the key values of the INSERT.
     */
    private PlannedStatement copiedInsert(StatementWriter out, int key) throws UntranslatableException {
        out.glue("INSERT INTO " + w.spec().to() + " (" + w.spec().targetKey() + ", "
                + String.join(", ", w.spec().columns()) + ") SELECT " + keyRef());
        for (String m : w.spec().columns()) {
            out.glue(", " + rowRef() + "." + m);
        }
        out.glue(" FROM ").copy(w.startOf(d.tableFrom), w.endOf(d.targetTo)).glue(" WHERE " + keyRef() + " IN (");
        for (int r = 0; r < d.rows.size(); r++) {
            if (r > 0) {
                out.glue(", ");
            }
            value(out, d.rows.get(r).get(key));
        }
        out.glue(")");
        return out.build(false, "copies the moved columns of the new rows into " + w.spec().to());
    }

    private void value(StatementWriter out, int[] v) throws UntranslatableException {
        Volatility.check(w.dialect(), w.sql(), w.tokens(), v[0], v[1]);
        out.copy(w.startOf(v[0]), w.endOf(v[1]));
    }

    private DualWritePlan splitUpdate(PlannedStatement original) throws UntranslatableException {
        List<Dml.Assignment> moved = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Dml.Assignment a : d.set) {
            for (String m : w.spec().columns()) {
                if (w.names(w.targetColumn(a), m)) {
                    moved.add(a);
                    names.add(m);
                }
            }
        }
        if (moved.isEmpty()) {
            return DualWritePlan.single(new PlannedStatement(w.sql(), w.identity(), true,
                    "writes no moved column: unchanged"));
        }
        // a profile row the upsert creates (the row was written before dual writes began and the backfill has not
        // copied it yet) takes the other moved columns from the old row: the backfill skips rows that exist
        List<String> kept = new ArrayList<>(w.spec().columns());
        kept.removeAll(names);
        StatementWriter out = new StatementWriter(w.dialect(), w.sql(), w.tokens());
        out.glue("INSERT INTO " + w.spec().to() + " (" + w.spec().targetKey() + ", " + String.join(", ", names)
                + (kept.isEmpty() ? "" : ", " + String.join(", ", kept)) + ") SELECT " + keyRef());
        for (Dml.Assignment a : moved) {
            Volatility.check(w.dialect(), w.sql(), w.tokens(), a.valueFrom(), a.valueTo());
            out.glue(", ").copy(w.startOf(a.valueFrom()), w.endOf(a.valueTo()));
        }
        for (String k : kept) {
            out.glue(", " + rowRef() + "." + k);
        }
        out.glue(" FROM ").copy(w.startOf(d.tableFrom), w.endOf(d.targetTo));
        where(out);
        List<String> sets = new ArrayList<>();
        for (String n : names) {
            sets.add(n + (w.dialect() == Dialect.POSTGRES ? " = EXCLUDED." + n : " = VALUES(" + n + ")"));
        }
        out.glue(w.dialect() == Dialect.POSTGRES ? " ON CONFLICT (" + w.spec().targetKey() + ") DO UPDATE SET "
                : " ON DUPLICATE KEY UPDATE ").glue(String.join(", ", sets));
        return new DualWritePlan(List.of(out.build(false, "upserts the moved columns into " + w.spec().to()
                + " before the update, seeing the rows as the update does"), original), false);
    }

    /**
     * PostgreSQL: {@code DELETE ... WHERE key IN (SELECT ...)}, a semi-join. MySQL / MariaDB run a single-table
     * DELETE with an IN subquery as a scan of the whole new table, locking every row of it until the transaction
     * ends (inside a client's transaction every other writer of the table then waits for its COMMIT); joined to the
     * keys as a derived table, the DELETE locks only the rows it removes, and the client's WHERE still resolves
     * against the old table alone.
     */
    private PlannedStatement splitDelete() {
        StatementWriter out = new StatementWriter(w.dialect(), w.sql(), w.tokens());
        String to = w.spec().to();
        if (w.dialect() == Dialect.POSTGRES) {
            out.glue("DELETE FROM " + to + " WHERE " + w.spec().targetKey() + " IN (SELECT " + keyRef() + " FROM ")
                    .copy(w.startOf(d.tableFrom), w.endOf(d.targetTo));
            where(out);
            out.glue(")");
        } else {
            String rows = "tsplit_" + to;
            out.glue("DELETE " + rows + " FROM " + to + " " + rows + " JOIN (SELECT " + keyRef() + " AS tsplit_key"
                    + " FROM ").copy(w.startOf(d.tableFrom), w.endOf(d.targetTo));
            where(out);
            out.glue(") tsplit_keys ON " + rows + "." + w.spec().targetKey() + " = tsplit_keys.tsplit_key");
        }
        return out.build(false, "deletes the " + to + " rows first (they reference " + w.spec().table() + ")");
    }

    private void where(StatementWriter out) {
        if (d.whereFrom >= 0 && d.whereFrom < d.whereTo) {
            out.glue(" WHERE ").copy(w.startOf(d.whereFrom), w.endOf(d.whereTo));
        }
    }

    private String keyRef() {
        return rowRef() + "." + w.spec().key();
    }

    /** How the statement names the old table's row: its alias, else the table as written. */
    private String rowRef() {
        return d.alias >= 0 ? w.token(d.alias).text(w.sql()) : w.text(d.tableFrom, d.tableTo);
    }
}
