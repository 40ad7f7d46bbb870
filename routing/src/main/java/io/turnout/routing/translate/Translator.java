package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.Fingerprint;
import io.turnout.routing.sql.SqlLexer;
import io.turnout.routing.sql.TableMatcher;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Translates statements for one migration in one dialect. A statement that mentions neither the old nor the new
 * table is returned untouched without parsing; the rest is analysed and rewritten by splicing edits into the
 * original text, or refused with a reason.
 */
public final class Translator {

    private static final Set<String> CONTROL = Set.of("BEGIN", "START", "COMMIT", "ROLLBACK", "END", "SAVEPOINT",
            "RELEASE");

    private final Dialect dialect;
    private final MigrationSpec spec;
    private final TableMatcher matcher;
    private final QueryParser parser;

    public Translator(Dialect dialect, MigrationSpec spec) {
        this.dialect = dialect;
        this.spec = spec;
        this.matcher = new TableMatcher(dialect, spec.mentionedTables());
        this.parser = new QueryParser(dialect);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The fast path alone: true when the statement must be analysed. */
    public boolean concerns(String sql) {
        return matcher.mentionedIn(sql);
    }

    public Translation translate(String sql) {
        if (!matcher.mentionedIn(sql)) {
            return Translation.passthrough(sql);
        }
        Fingerprint fingerprint = Fingerprint.of(dialect, sql);
        List<Token> tokens = significant(sql);
        List<int[]> pieces = pieces(tokens);
        if (pieces.size() <= 1) {
            return one(sql, pieces.isEmpty() ? List.of() : tokens.subList(0, pieces.get(0)[1]), fingerprint);
        }
        return new MultiStatement(dialect, fingerprint, spec.id()).combine(sql, pieces, tokens, this);
    }

    Translation one(String sql, List<Token> tokens, Fingerprint fingerprint) {
        StatementKind kind = StatementKind.OTHER;
        try {
            if (tokens.isEmpty()) {
                return passthroughPiece(sql, fingerprint, StatementKind.OTHER);
            }
            String verb = tokens.get(0).kind() == TokenKind.LPAREN ? "SELECT"
                    : tokens.get(0).text(sql).toUpperCase(Locale.ROOT);
            if (CONTROL.contains(verb)) {
                return passthroughPiece(sql, fingerprint, StatementKind.CONTROL);
            }
            if (verb.equals("WITH")) {
                verb = mainVerbAfterWith(sql, tokens);
            }
            StatementAnalysis analysis = new StatementAnalysis(dialect, sql, tokens, parser);
            switch (verb) {
                case "SELECT", "VALUES", "TABLE" -> {
                    kind = StatementKind.READ;
                    return new ReadTranslation(dialect, spec, sql, tokens, analysis, fingerprint).translate();
                }
                case "INSERT", "REPLACE", "UPDATE", "DELETE" -> {
                    kind = StatementKind.WRITE;
                    return new WriteTranslation(dialect, spec, sql, tokens, analysis, fingerprint).translate();
                }
                default -> throw new UntranslatableException(verb + " statements on a migrating table are not"
                        + " translated; run them outside the proxy or pause migration " + spec.id());
            }
        } catch (UntranslatableException e) {
            return Translation.untranslatable(sql, fingerprint, kind, e.getMessage(), spec.id());
        } catch (RuntimeException | StackOverflowError e) {
            return Translation.untranslatable(sql, fingerprint, kind, "internal error while analysing the statement ("
                    + e + "); it is not translated", spec.id());
        }
    }

    private Translation passthroughPiece(String sql, Fingerprint fingerprint, StatementKind kind) {
        return new Translation(Verdict.TRANSLATED, "no change needed", fingerprint, kind, Shape.OLD, sql, sql, sql,
                DualWritePlan.single(new PlannedStatement(sql, List.of(), true, "unchanged")), null, spec.id());
    }

    private static String mainVerbAfterWith(String sql, List<Token> tokens) throws UntranslatableException {
        int i = Tokens.findWord(tokens, sql, 1, tokens.size(), "SELECT", "INSERT", "UPDATE", "DELETE", "VALUES");
        String verb = i < tokens.size() ? tokens.get(i).text(sql).toUpperCase(Locale.ROOT) : "";
        if (!verb.equals("SELECT") && !verb.equals("VALUES")) {
            throw new UntranslatableException("WITH ... " + verb + " (data-modifying CTE) is not translated");
        }
        return verb;
    }

    List<Token> significant(String sql) {
        List<Token> out = new ArrayList<>();
        for (Token t : SqlLexer.tokens(dialect, sql)) {
            if (t.kind() != TokenKind.COMMENT) {
                out.add(t);
            }
        }
        return out;
    }

    /** Token ranges of the statements separated by top-level semicolons. */
    static List<int[]> pieces(List<Token> tokens) {
        List<int[]> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is(TokenKind.SEMICOLON)) {
                if (i > start) {
                    pieces.add(new int[] {start, i});
                }
                start = i + 1;
            }
        }
        if (start < tokens.size()) {
            pieces.add(new int[] {start, tokens.size()});
        }
        return pieces;
    }

}
