package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.Fingerprint;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.util.List;

/** A write: its dual-write plan, from the old shape or (through the inverse migration) from the new shape. */
final class WriteTranslation {

    private final Dialect dialect;
    private final MigrationSpec spec;
    private final String sql;
    private final List<Token> tokens;
    private final StatementAnalysis analysis;
    private final Fingerprint fingerprint;

    WriteTranslation(Dialect dialect, MigrationSpec spec, String sql, List<Token> tokens, StatementAnalysis analysis,
            Fingerprint fingerprint) {
        this.dialect = dialect;
        this.spec = spec;
        this.sql = sql;
        this.tokens = tokens;
        this.analysis = analysis;
        this.fingerprint = fingerprint;
    }

    Translation translate() throws UntranslatableException {
        Dml dml = new DmlParser(sql, tokens).parse();
        TableModel model = TableModel.of(dialect, spec);
        Facts facts = analysis.dml(model, dml);
        Shape shape = ShapeDetector.detect(spec, model, facts, names(dml, model));
        MigrationSpec direction = spec;
        if (shape == Shape.NEW) {
            direction = spec.inverse();
            model = TableModel.of(dialect, direction);
            facts = analysis.dml(model, dml);
        }
        WriteContext w = new WriteContext(dialect, direction, model, sql, tokens, dml, facts);
        DualWritePlan plan;
        if (!w.targetIsMigrating()) {
            plan = DualWritePlan.single(new PlannedStatement(sql, w.identity(), true,
                    "writes another table; reads of " + spec.table() + " inside it stay on the old shape"));
        } else if (direction.kind() == MigrationKind.RENAME_COLUMN
                || direction.kind() == MigrationKind.REPLACE_COLUMN) {
            plan = new SameTableWrites(w).plan();
        } else {
            plan = new OtherTableWrites(w).plan();
        }
        String reverse = null;
        if (shape == Shape.NEW) {
            reverse = plan.sameStatement() ? plan.statements().get(0).sql()
                    : plan.statements().stream().filter(p -> !p.clientResult()).findFirst().orElseThrow().sql();
        }
        String oldPath = shape == Shape.OLD ? sql : reverse;
        return new Translation(Verdict.TRANSLATED, plan.statements().size() == 1 ? plan.statements().get(0).purpose()
                : plan.statements().size() + " statements in one transaction", fingerprint, StatementKind.WRITE,
                shape, sql, oldPath, null, plan, reverse, spec.id());
    }

    private ShapeDetector.WriteNames names(Dml dml, TableModel model) {
        return new ShapeDetector.WriteNames() {
            @Override
            public boolean writes(String column) {
                if (dml.insertColumns != null) {
                    for (int c : dml.insertColumns) {
                        if (matches(c, column)) {
                            return true;
                        }
                    }
                }
                for (List<Dml.Assignment> list : List.of(dml.set, dml.conflictSet)) {
                    for (Dml.Assignment a : list) {
                        if (matches(a.targetTo() - 1, column)) {
                            return true;
                        }
                    }
                }
                return false;
            }

            @Override
            public boolean targets(String table) {
                return !dml.multiTable && matches(dml.tableTo - 1, table);
            }

            private boolean matches(int token, String name) {
                Token t = tokens.get(token);
                String s = t.text(sql);
                boolean quoted = t.is(TokenKind.QUOTED_IDENT);
                return model.sameName(quoted ? s.substring(1, s.length() - 1) : s, quoted, name);
            }
        };
    }
}
