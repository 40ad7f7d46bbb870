package io.turnout.routing.cache;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.SqlLexer;
import io.turnout.routing.sql.TokenKind;
import io.turnout.routing.translate.DualWritePlan;
import io.turnout.routing.translate.PlannedStatement;
import io.turnout.routing.translate.StickyKey;
import io.turnout.routing.translate.Translation;

import java.util.ArrayList;
import java.util.List;

/**
 * The translation of a {@link LiteralTemplate}, ready to be filled with the literals of one statement. Every output
 * text (old path, new read, reverse, each dual-write statement) is kept as pieces between its {@code $n} markers;
 * a dual-write statement's markers are renumbered by the translator, so its {@code params} say which literal each
 * one takes.
 *
 * <p>A template is only used once {@link #verify} has shown, on its first statement, that filling it gives exactly
 * the translation of that statement's own text; otherwise the statement's text is translated as usual.
 */
final class TemplateTranslation {

    /** An output text: {@code pieces[0] lit[refs[0]] pieces[1] lit[refs[1]] ... pieces[n]}. */
    private record Filler(String[] pieces, int[] refs) {

        String fill(List<String> literals) {
            if (refs.length == 0) {
                return pieces[0];
            }
            StringBuilder sb = new StringBuilder(pieces[0].length() * 2);
            for (int i = 0; i < refs.length; i++) {
                sb.append(pieces[i]).append(literals.get(refs[i]));
            }
            return sb.append(pieces[refs.length]).toString();
        }
    }

    private final Translation template;
    private final Filler original;
    private final Filler oldPath;
    private final Filler newRead;
    private final Filler reverse;
    private final List<Filler> dualWrite;
    private final Dialect dialect;

    private TemplateTranslation(Translation template, Filler original, Filler oldPath, Filler newRead,
                                Filler reverse, List<Filler> dualWrite, Dialect dialect) {
        this.template = template;
        this.dialect = dialect;
        this.original = original;
        this.oldPath = oldPath;
        this.newRead = newRead;
        this.reverse = reverse;
        this.dualWrite = dualWrite;
    }

    /** The fillable form of a template's translation, or null when a marker cannot be mapped to a literal. */
    static TemplateTranslation compile(Translation t, Dialect dialect, int literalCount) {
        try {
            List<Filler> dual = null;
            if (t.dualWrite() != null) {
                dual = new ArrayList<>();
                for (PlannedStatement s : t.dualWrite().statements()) {
                    dual.add(filler(dialect, s.sql(), s.params(), literalCount));
                }
            }
            return new TemplateTranslation(t, filler(dialect, t.original(), null, literalCount),
                    filler(dialect, t.oldPath(), null, literalCount), filler(dialect, t.newRead(), null, literalCount),
                    filler(dialect, t.reverse(), null, literalCount), dual, dialect);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The translation of the statement whose literals these are. */
    Translation fill(List<String> literals) {
        DualWritePlan plan = null;
        if (dualWrite != null) {
            List<PlannedStatement> statements = new ArrayList<>(dualWrite.size());
            List<PlannedStatement> shapes = template.dualWrite().statements();
            for (int i = 0; i < shapes.size(); i++) {
                PlannedStatement s = shapes.get(i);
                statements.add(new PlannedStatement(dualWrite.get(i).fill(literals), List.of(), s.clientResult(),
                        s.purpose(), s.server()));
            }
            plan = new DualWritePlan(statements, template.dualWrite().sameStatement());
        }
        return new Translation(template.verdict(), template.reason(), template.fingerprint(), template.kind(),
                template.shape(), fill(original, literals), fill(oldPath, literals), fill(newRead, literals), plan,
                fill(reverse, literals), template.migration(), stickyKey(literals));
    }

    /** The template's key parameter n is its n-th literal: the filled statement names that value. */
    private StickyKey stickyKey(List<String> literals) {
        StickyKey key = template.stickyKey();
        if (key == null || key.literal() != null) {
            return key;
        }
        if (key.parameter() > literals.size()) {
            return null;
        }
        String value = StickyKey.decodeLiteral(dialect, literals.get(key.parameter() - 1));
        return value == null ? null : StickyKey.literal(value);
    }

    /**
     * Whether filling this template with {@code literals} gives {@code actual}, the translation of the statement's
     * own text (the fingerprint aside: the template's marks its values differently). On success the template takes
     * over {@code actual}'s fingerprint, which every statement of the template shares.
     */
    TemplateTranslation verify(List<String> literals, Translation actual) {
        Translation filled = fill(literals);
        Translation expected = new Translation(actual.verdict(), actual.reason(), filled.fingerprint(), actual.kind(),
                actual.shape(), actual.original(), actual.oldPath(), actual.newRead(), actual.dualWrite(),
                actual.reverse(), actual.migration(), actual.stickyKey());
        if (!filled.equals(expected)) {
            return null;
        }
        Translation withFingerprint = new Translation(template.verdict(), template.reason(), actual.fingerprint(),
                template.kind(), template.shape(), template.original(), template.oldPath(), template.newRead(),
                template.dualWrite(), template.reverse(), template.migration(), template.stickyKey());
        return new TemplateTranslation(withFingerprint, original, oldPath, newRead, reverse, dualWrite, dialect);
    }

    private static String fill(Filler f, List<String> literals) {
        return f == null ? null : f.fill(literals);
    }

    /**
     * Splits {@code sql} at its markers: {@code $n} is marker n; MySQL's i-th {@code ?} is marker i. Without
     * {@code params} marker n is literal n; with them (a renumbered dual-write statement) marker i is literal
     * {@code params[i - 1]}.
     */
    private static Filler filler(Dialect dialect, String sql, List<Integer> params, int literalCount) {
        if (sql == null) {
            return null;
        }
        SqlLexer lexer = new SqlLexer(dialect, sql);
        List<String> pieces = new ArrayList<>();
        List<Integer> refs = new ArrayList<>();
        int copied = 0;
        for (TokenKind k = lexer.next(); k != null; k = lexer.next()) {
            if (k != TokenKind.PARAM) {
                continue;
            }
            int n = dialect == Dialect.POSTGRES ? Integer.parseInt(sql.substring(lexer.start() + 1, lexer.end()))
                    : refs.size() + 1;
            if (params != null && !params.isEmpty()) {
                if (n < 1 || n > params.size()) {
                    throw new IllegalArgumentException("marker $" + n + " beyond the statement's parameters");
                }
                n = params.get(n - 1);
            }
            if (n < 1 || n > literalCount) {
                throw new IllegalArgumentException("marker $" + n + " names no literal");
            }
            pieces.add(sql.substring(copied, lexer.start()));
            refs.add(n - 1);
            copied = lexer.end();
        }
        pieces.add(sql.substring(copied));
        return new Filler(pieces.toArray(String[]::new), refs.stream().mapToInt(Integer::intValue).toArray());
    }
}
