package io.turnout.routing.cli;

import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.SqlLexer;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import io.turnout.routing.translate.PlannedStatement;
import io.turnout.routing.translate.StatementKind;
import io.turnout.routing.translate.Translation;
import io.turnout.routing.translate.Translator;
import io.turnout.routing.translate.Verdict;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The differential check of a corpus against a real server: reads on the new path must equal reads on the old
 * path; dual writes must leave the written shape as the original alone does, the two shapes agreeing row by row,
 * and the client seeing the same results.
 */
public final class CorpusCheck {

    /** The verdict for one corpus statement. */
    public record Outcome(String id, boolean passed, String detail) {
    }

    private final Corpus corpus;
    private final Connection connection;
    private final JdbcRunner jdbc;
    private final CorpusDatabase db;

    public CorpusCheck(Corpus corpus, Connection connection) {
        this.corpus = corpus;
        this.connection = connection;
        this.jdbc = new JdbcRunner(corpus.dialect(), connection);
        this.db = new CorpusDatabase(corpus, jdbc);
    }

    public List<Outcome> run() {
        List<Outcome> out = new ArrayList<>();
        for (Corpus.CorpusStatement s : corpus.statements()) {
            out.add(check(s));
        }
        return out;
    }

    public Outcome check(Corpus.CorpusStatement s) {
        MigrationSpec spec = corpus.migrations().get(s.migration()).spec();
        Translation t = new Translator(corpus.dialect(), spec).translate(s.sql());
        try {
            return switch (s.expect()) {
                case "passthrough" -> new Outcome(s.id(), t.verdict() == Verdict.PASSTHROUGH
                        && t.oldPath() == s.sql(), "verdict " + t.verdict());
                case "untranslatable" -> new Outcome(s.id(), t.verdict() == Verdict.UNTRANSLATABLE,
                        "verdict " + t.verdict() + ": " + t.reason());
                case "read" -> read(s, spec, t);
                case "write" -> write(s, spec, t);
                default -> new Outcome(s.id(), false, "unknown expectation " + s.expect());
            };
        } catch (SQLException | RuntimeException e) {
            db.dirty();
            rollbackQuietly();
            return new Outcome(s.id(), false, "error: " + e.getMessage() + "\n  translation: " + t);
        }
    }

    private Outcome read(Corpus.CorpusStatement s, MigrationSpec spec, Translation t) throws SQLException {
        if (t.verdict() == Verdict.UNTRANSLATABLE || (t.verdict() == Verdict.TRANSLATED
                && t.kind() != StatementKind.READ)) {
            return new Outcome(s.id(), false, "expected a translated read, got " + t.verdict() + ": " + t.reason());
        }
        db.prepare(s.migration(), true, true);
        boolean sort = !ordered(s.sql());
        List<Integer> ids = identity(s.params().size());
        List<String> original = jdbc.run(s.sql(), ids, s.params(), sort);
        String other = t.verdict() == Verdict.PASSTHROUGH ? t.oldPath()
                : t.shape() == Shape.OLD ? t.newRead() : t.oldPath();
        List<String> translated = jdbc.run(other, ids, s.params(), sort);
        boolean same = original.equals(translated);
        return new Outcome(s.id(), same, same ? "same rows" : "original " + original + "\n  translated ("
                + other + ") " + translated);
    }

    private Outcome write(Corpus.CorpusStatement s, MigrationSpec spec, Translation t) throws SQLException {
        if (t.verdict() != Verdict.TRANSLATED || t.dualWrite() == null) {
            return new Outcome(s.id(), false, "expected a translated write, got " + t.verdict() + ": " + t.reason());
        }
        boolean multi = t.kind() == StatementKind.MULTI;
        List<Integer> ids = identity(s.params().size());
        List<String> reference;
        String[] referenceShape = new String[1];
        try {
            db.prepare(s.migration(), true, !multi);
            reference = isolated(multi, () -> {
                List<String> r = jdbc.run(s.sql(), ids, s.params(), false);
                referenceShape[0] = db.snapshot(spec, t.shape());
                return r;
            });
        } catch (SQLException failsOnExpandedState) {
            rollbackQuietly();
            db.prepare(s.migration(), false, !multi);
            reference = isolated(multi, () -> {
                List<String> r = jdbc.run(s.sql(), ids, s.params(), false);
                referenceShape[0] = db.snapshot(spec, t.shape());
                return r;
            });
        }
        db.prepare(s.migration(), true, !multi);
        String[] planShape = new String[3];
        List<String> client = isolated(multi, () -> {
            List<String> seen = new ArrayList<>();
            for (PlannedStatement p : t.dualWrite().statements()) {
                List<String> r = jdbc.run(p.sql(), p.params(), s.params(), false);
                if (p.clientResult()) {
                    seen.addAll(r);
                }
            }
            planShape[0] = db.snapshot(spec, t.shape());
            List<String> pair = db.agreement(spec);
            planShape[1] = rows(jdbc.run(pair.get(0), List.of(), List.of(), true));
            planShape[2] = rows(jdbc.run(pair.get(1), List.of(), List.of(), true));
            return seen;
        });
        List<String> problems = new ArrayList<>();
        if (!reference.equals(client)) {
            problems.add("client sees " + client + " instead of " + reference);
        }
        if (!referenceShape[0].equals(planShape[0])) {
            problems.add("written shape differs:\n" + planShape[0] + "instead of\n" + referenceShape[0]);
        }
        if (!planShape[1].equals(planShape[2])) {
            problems.add("shapes disagree:\n  " + planShape[1] + "\n  vs\n  " + planShape[2]);
        }
        return new Outcome(s.id(), problems.isEmpty(), problems.isEmpty() ? "both shapes agree"
                : String.join("; ", problems) + "\n  plan: " + t.dualWrite());
    }

    /**
     * Runs the work in a transaction that is rolled back, so the state is reused; a multi-statement string runs its
     * own transaction control, so the state is rebuilt afterwards instead.
     */
    private List<String> isolated(boolean multi, Work work) throws SQLException {
        if (multi) {
            db.dirty();
            return work.run();
        }
        connection.setAutoCommit(false);
        try {
            return work.run();
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private interface Work {
        List<String> run() throws SQLException;
    }

    private void rollbackQuietly() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the next prepare() rebuilds the state anyway
        }
    }

    private static String rows(List<String> blocks) {
        String b = blocks.get(0);
        return b.substring(b.indexOf('\n') + 1);
    }

    private boolean ordered(String sql) {
        int depth = 0;
        List<Token> tokens = SqlLexer.tokens(corpus.dialect(), sql);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == TokenKind.LPAREN) {
                depth++;
            } else if (t.kind() == TokenKind.RPAREN) {
                depth--;
            } else if (depth == 0 && t.isWord(sql, "ORDER")) {
                return true;
            }
        }
        return false;
    }

    private static List<Integer> identity(int n) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(i);
        }
        return ids;
    }

    /** Connection options the check needs (MySQL: several statements in one string). */
    public static String connectionOptions(Dialect dialect) {
        return dialect == Dialect.MYSQL ? "allowMultiQueries=true&allowPublicKeyRetrieval=true&useSSL=false" : "";
    }
}
