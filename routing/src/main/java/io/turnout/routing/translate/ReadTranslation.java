package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.Fingerprint;
import io.turnout.routing.sql.Token;
import java.util.List;

/** A query: the new-path read (old-shape SQL) or the reverse translation (new-shape SQL). */
final class ReadTranslation {

    private final Dialect dialect;
    private final MigrationSpec spec;
    private final String sql;
    private final List<Token> tokens;
    private final StatementAnalysis analysis;
    private final Fingerprint fingerprint;

    ReadTranslation(Dialect dialect, MigrationSpec spec, String sql, List<Token> tokens, StatementAnalysis analysis,
            Fingerprint fingerprint) {
        this.dialect = dialect;
        this.spec = spec;
        this.sql = sql;
        this.tokens = tokens;
        this.analysis = analysis;
        this.fingerprint = fingerprint;
    }

    Translation translate() throws UntranslatableException {
        TableModel model = TableModel.of(dialect, spec);
        Facts facts = analysis.query(model, 0, tokens.size());
        Shape shape = ShapeDetector.detect(spec, model, facts, ShapeDetector.WriteNames.NONE);
        MigrationSpec direction = spec;
        if (shape == Shape.NEW) {
            direction = spec.inverse();
            model = TableModel.of(dialect, direction);
            facts = analysis.query(model, 0, tokens.size());
        }
        if (direction.target() != null && facts.tables.stream().anyMatch(s -> !s.migrating)) {
            throw new UntranslatableException("table " + direction.to() + " is on server " + direction.target()
                    + "; a query joining it with other tables cannot be routed there");
        }
        List<Edit> edits = new ReadRewriter(dialect, direction, model, sql).edits(facts);
        if (spec.kind() == MigrationKind.SPLIT_TABLE && edits.stream().anyMatch(e -> e.text().contains(" LEFT JOIN "))
                && Tokens.findWord(tokens, sql, 0, tokens.size(), "FOR") < tokens.size()) {
            throw new UntranslatableException("FOR UPDATE/SHARE cannot lock the outer-joined " + spec.to()
                    + " rows; lock with FOR UPDATE OF " + spec.table());
        }
        String rewritten = Splicer.apply(sql, edits);
        String note = edits.isEmpty() ? "touches no migrating column; same statement on both shapes"
                : "reads " + (shape == Shape.OLD ? "the new shape" : "the old shape") + " with the same result columns";
        if (!facts.migratingStars.isEmpty()) {
            note += "; * over " + spec.table() + " returns both columns while the migration runs";
        }
        String oldPath = shape == Shape.OLD ? sql : rewritten;
        String newRead = shape == Shape.OLD ? rewritten : sql;
        return new Translation(Verdict.TRANSLATED, note, fingerprint, StatementKind.READ, shape, sql, oldPath,
                newRead, null, shape == Shape.NEW ? rewritten : null, spec.id(), facts.stickyKey);
    }
}
