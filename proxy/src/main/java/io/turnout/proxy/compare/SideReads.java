package io.turnout.proxy.compare;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.turnout.proxy.route.CompareRequest;
import io.turnout.proxy.shadow.ReplayStatement;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.SqlLexer;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads both shapes of one compare sample on a {@link ComparePool} connection, in one snapshot. A read compared as a
 * multiset goes as one statement, both shapes side by side under {@code UNION ALL} with a column naming the side:
 * a single statement sees a single snapshot on both engines, so it needs no transaction and costs one round trip.
 * Semicolons that end a text are left out there. A read compared in order (its rows' order is only defined within
 * its own statement), and one that does not combine (a column list a derived table refuses, a locking clause, types
 * UNION cannot unify), runs as two statements inside
 * an explicit REPEATABLE READ, read-only transaction; a statement found not to combine is remembered as such.
 * Several multiset samples of one statement text are read together ({@link #readBatch}): every sample's two shapes
 * under one {@code UNION ALL}, with a second column naming the sample, so they share a round trip and a snapshot.
 */
final class SideReads {

    private static final String OLD_ALIAS = "turnout_old";
    private static final String NEW_ALIAS = "turnout_new";

    private final Dialect dialect;
    private final CompareRules rules;
    private final Cache<String, Boolean> separate = Caffeine.newBuilder().maximumSize(10_000).build();
    /** Texts read as one statement per sample but not several samples at once (a batch failed, or was too large). */
    private final Cache<String, Boolean> alone = Caffeine.newBuilder().maximumSize(10_000).build();
    private final AtomicLong asOne = new AtomicLong();
    private final AtomicLong asTwo = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    SideReads(Dialect dialect, CompareRules rules) {
        this.dialect = dialect;
        this.rules = rules;
    }

    /** The old and the new shape's digests, in that order. */
    ResultDigest[] read(Connection c, CompareRequest r) throws SQLException {
        if (!r.ordered() && separate.getIfPresent(r.oldSql()) == null) {
            ResultDigest[] both = readAsOne(c, r);
            if (both != null) {
                asOne.incrementAndGet();
                return both;
            }
        }
        asTwo.incrementAndGet();
        return readInTransaction(c, r);
    }

    /**
     * Whether the sample may be read in one statement with other samples of its text: compared as a multiset, and
     * its text not known to need two statements or to be read alone.
     */
    boolean batchable(CompareRequest r) {
        return !r.ordered() && separate.getIfPresent(r.oldSql()) == null && alone.getIfPresent(r.oldSql()) == null;
    }

    /** Stops reading the text with other samples: its samples are read one statement each from now on. */
    void readAlone(CompareRequest r) {
        alone.put(r.oldSql(), Boolean.TRUE);
    }

    /**
     * The digests of several {@link #batchable} samples with the same old and new text, {@code [sample][side]}, read
     * as one statement; {@code null} when that statement fails for a reason other than the connection (the text is
     * then {@linkplain #readAlone read alone} from now on, and the caller reads these samples one by one).
     */
    ResultDigest[][] readBatch(Connection c, List<CompareRequest> samples) throws SQLException {
        CompareRequest head = samples.get(0);
        String oldText = withoutFinalSemicolons(dialect, head.oldSql());
        String newText = withoutFinalSemicolons(dialect, head.newSql());
        StringBuilder sql = new StringBuilder();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            CompareRequest r = samples.get(i);
            ReplayStatement old = replay(oldText, r.parameters());
            ReplayStatement fresh = replay(newText, r.parameters());
            if (i == 0) {
                sql.append("SELECT 0 AS turnout_side, 0 AS turnout_sample, ");
            } else {
                sql.append(" UNION ALL SELECT 0, ").append(i).append(", ");
            }
            sql.append(OLD_ALIAS).append(".* FROM (\n").append(old.sql()).append("\n) ").append(OLD_ALIAS)
                    .append(" UNION ALL SELECT 1, ").append(i).append(", ").append(NEW_ALIAS).append(".* FROM (\n")
                    .append(fresh.sql()).append("\n) ").append(NEW_ALIAS);
            values.addAll(old.values());
            values.addAll(fresh.values());
        }
        ResultSet rs;
        PreparedStatement ps = new ReplayStatement(sql.toString(), values).prepare(c, dialect);
        try {
            rs = ps.executeQuery();
        } catch (SQLException e) {
            ps.close();
            if (lostConnection(e)) {
                throw e;
            }
            readAlone(head);
            return null;
        }
        try (ps; rs) {
            ResultDigest[][] digests = ResultDigest.bySampleAndSide(rs, rules, samples.size());
            batches.incrementAndGet();
            asOne.addAndGet(samples.size());
            return digests;
        }
    }

    /** Samples read as one statement (alone or with others), and as two (ordered, or not combinable). */
    long readAsOne() {
        return asOne.get();
    }

    /** Statements that read several samples at once. */
    long batches() {
        return batches.get();
    }

    long readAsTwo() {
        return asTwo.get();
    }

    private ResultDigest[] readAsOne(Connection c, CompareRequest r) throws SQLException {
        ReplayStatement old = replay(withoutFinalSemicolons(dialect, r.oldSql()), r.parameters());
        ReplayStatement fresh = replay(withoutFinalSemicolons(dialect, r.newSql()), r.parameters());
        // newlines around each read: a trailing line comment in the client's text must not swallow the parenthesis
        String sql = "SELECT 0 AS turnout_side, " + OLD_ALIAS + ".* FROM (\n" + old.sql() + "\n) " + OLD_ALIAS
                + " UNION ALL SELECT 1, " + NEW_ALIAS + ".* FROM (\n" + fresh.sql() + "\n) " + NEW_ALIAS;
        List<Object> values = new ArrayList<>(old.values());
        values.addAll(fresh.values());
        ResultSet rs;
        PreparedStatement ps = new ReplayStatement(sql, values).prepare(c, dialect);
        try {
            rs = ps.executeQuery();
        } catch (SQLException e) {
            ps.close();
            if (lostConnection(e)) {
                throw e; // says nothing about the text: the sample is skipped, the pool drops the connection
            }
            // the text does not combine (on autocommit nothing is left to undo): two statements from now on
            separate.put(r.oldSql(), Boolean.TRUE);
            return null;
        }
        try (ps; rs) {
            return ResultDigest.bySide(rs, rules);
        }
    }

    /**
     * The text without the semicolons that end it (and comments after them), which a derived table cannot hold:
     * pgbench and many scripts end every statement with one. The text as it is when none ends it.
     */
    static String withoutFinalSemicolons(Dialect dialect, String sql) {
        if (sql.indexOf(';') < 0) {
            return sql;
        }
        List<Token> tokens = SqlLexer.tokens(dialect, sql);
        int cut = -1;
        for (int i = tokens.size() - 1; i >= 0; i--) {
            TokenKind kind = tokens.get(i).kind();
            if (kind == TokenKind.SEMICOLON) {
                cut = tokens.get(i).start();
            } else if (kind != TokenKind.COMMENT) {
                break;
            }
        }
        return cut < 0 ? sql : sql.substring(0, cut);
    }

    /** Connection exceptions (08) and operator intervention (57: the server ended the session or is going down). */
    private static boolean lostConnection(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57"));
    }

    private ResultDigest[] readInTransaction(Connection c, CompareRequest r) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("START TRANSACTION"); // REPEATABLE READ and read-only: the pool's session defaults
            try {
                return new ResultDigest[] {readOne(c, r.oldSql(), r.parameters()),
                        readOne(c, r.newSql(), r.parameters())};
            } finally {
                st.execute("ROLLBACK");
            }
        }
    }

    private ResultDigest readOne(Connection c, String clientSql, List<Object> clientParams) throws SQLException {
        ReplayStatement jdbc = replay(clientSql, clientParams);
        try (PreparedStatement ps = jdbc.prepare(c, dialect); ResultSet rs = ps.executeQuery()) {
            return ResultDigest.of(rs, rules);
        }
    }

    private ReplayStatement replay(String clientSql, List<Object> clientParams) throws SQLException {
        try {
            return ReplayStatement.of(dialect, clientSql, clientParams);
        } catch (IllegalArgumentException e) {
            throw new SQLException("cannot re-run the statement for compare: " + e.getMessage(), e);
        }
    }
}
