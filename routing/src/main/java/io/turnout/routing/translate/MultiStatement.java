package io.turnout.routing.translate;

import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.Fingerprint;
import io.turnout.routing.sql.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Several statements in one string (simple query protocol): each is translated on its own; writes and transaction
 * control combine into one plan run in order. A string mixing reads with writes is refused.
 */
final class MultiStatement {

    private final Dialect dialect;
    private final Fingerprint fingerprint;
    private final String migration;

    MultiStatement(Dialect dialect, Fingerprint fingerprint, String migration) {
        this.dialect = dialect;
        this.fingerprint = fingerprint;
        this.migration = migration;
    }

    Translation combine(String sql, List<int[]> pieces, List<Token> tokens, Translator translator) {
        List<PlannedStatement> plan = new ArrayList<>();
        List<String> oldPath = new ArrayList<>();
        Shape shape = Shape.OLD;
        for (int[] p : pieces) {
            String text = sql.substring(tokens.get(p[0]).start(), tokens.get(p[1] - 1).end());
            Translation t = translator.one(text, translator.significant(text), fingerprint);
            if (t.verdict() == Verdict.UNTRANSLATABLE) {
                return Translation.untranslatable(sql, fingerprint, StatementKind.MULTI,
                        "statement '" + text + "': " + t.reason(), migration);
            }
            if (t.kind() == StatementKind.READ) {
                return Translation.untranslatable(sql, fingerprint, StatementKind.MULTI, "a multi-statement string"
                        + " mixing reads of a migrating table with other statements is not translated; send them"
                        + " one by one", migration);
            }
            if (t.shape() == Shape.NEW) {
                shape = Shape.NEW;
            }
            plan.addAll(t.dualWrite().statements());
            oldPath.add(t.oldPath());
        }
        return new Translation(Verdict.TRANSLATED, pieces.size() + " statements translated one by one", fingerprint,
                StatementKind.MULTI, shape, sql, String.join("; ", oldPath), null, new DualWritePlan(plan, false),
                null, migration);
    }
}
