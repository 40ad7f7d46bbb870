package io.turnout.proxy.route;

import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.routing.cli.Corpus;
import io.turnout.routing.model.Phase;
import io.turnout.routing.sql.Dialect;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every write of the shared MySQL corpus, through the proxy with its migration in dual-write, against the same
 * statement run directly on an old-shape twin database: the client sees the same result (affected rows, last insert
 * id, warnings; the tables' keys are AUTO_INCREMENT here so that the last insert id means something), the old shape
 * holds what the original alone wrote, and the new shape agrees with it. In autocommit and inside a client
 * transaction, with Connector/J in the text and the binary protocol.
 */
class MySqlCorpusWritesIT {

    private static final String OLD_ROWS = "SELECT id, name, email, bio, avatar_url, created_at FROM users ORDER BY id;"
            + "SELECT id, name, price FROM products ORDER BY id;"
            + "SELECT id, user_id, total, status FROM orders ORDER BY id";

    private static final Map<String, String> DISAGREEMENTS = Map.of(
            "m1", "SELECT count(*) FROM users WHERE NOT (name <=> full_name)",
            "m2", "SELECT count(*) FROM products WHERE NOT (price_cents <=> CAST(ROUND(price * 100) AS SIGNED))",
            "m3", "SELECT (SELECT count(*) FROM orders o LEFT JOIN orders_v2 v ON v.id = o.id WHERE v.id IS NULL"
                    + " OR NOT (o.total <=> v.total_amount) OR NOT (o.status <=> v.status)"
                    + " OR NOT (o.user_id <=> v.user_id)) + (SELECT count(*) FROM orders_v2 v"
                    + " LEFT JOIN orders o ON o.id = v.id WHERE o.id IS NULL)",
            "m4", "SELECT (SELECT count(*) FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id"
                    + " WHERE p.user_id IS NULL OR NOT (u.bio <=> p.bio) OR NOT (u.avatar_url <=> p.avatar_url))"
                    + " + (SELECT count(*) FROM user_profiles p LEFT JOIN users u ON u.id = p.user_id"
                    + " WHERE u.id IS NULL)");

    private static final Map<String, String> NEW_TABLES = Map.of("m3", "orders_v2", "m4", "user_profiles");

    @ParameterizedTest
    @ValueSource(strings = {"autocommit text", "transaction binary"})
    void everyCorpusWriteGivesTheClientTheOriginalResult(String mode) throws Exception {
        boolean binary = mode.endsWith("binary");
        boolean transaction = mode.startsWith("transaction");
        Corpus corpus = Corpus.load(corpusFile());
        String schema = corpus.schema().replace("id BIGINT PRIMARY KEY", "id BIGINT AUTO_INCREMENT PRIMARY KEY");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Corpus.CorpusMigration> m : corpus.migrations().entrySet()) {
            DbEndpoint twin = DatabaseHarness.mysql().freshDatabase("corpus twin " + m.getKey());
            DbEndpoint db = DatabaseHarness.mysql().freshDatabase("corpus proxied " + m.getKey());
            script(twin, schema);
            script(db, schema);
            script(db, m.getValue().expand());
            ControlPlane control = new ControlPlane(Clock.systemUTC());
            MigrationPlanner planner = new MigrationPlanner(Dialect.MYSQL, control,
                    new BreakerLoop(control, Clock.systemUTC()), t -> { });
            ProxyServer server = RoutedMySqlProxy.start(db, planner);
            control.create(m.getValue().spec().withPhase(Phase.OFF), null, "test", null);
            control.setPhase(m.getKey(), Phase.DUAL_WRITE, null, "test", null);
            String options = "allowMultiQueries=true&useServerPrepStmts=" + binary;
            DbEndpoint proxied = db.withHostPort("127.0.0.1", server.listener("my").boundPort());
            try {
                for (Corpus.CorpusStatement s : corpus.statements()) {
                    if (!s.migration().equals(m.getKey()) || !s.expect().equals("write") || !s.shape().equals("old")) {
                        continue;
                    }
                    reset(twin, corpus, null, null);
                    reset(db, corpus, NEW_TABLES.get(m.getKey()), m.getValue().backfill());
                    String expected;
                    String actual;
                    try (Connection c = twin.connect(options)) {
                        expected = execute(c, s, transaction);
                    }
                    try (Connection c = proxied.connect(options)) {
                        actual = execute(c, s, transaction);
                    }
                    checked++;
                    if (!expected.equals(actual)) {
                        problems.add(s.id() + " client result: expected " + expected + ", got " + actual);
                    }
                    if (!rows(twin).equals(rows(db))) {
                        problems.add(s.id() + " old shape differs: " + rows(twin) + " vs " + rows(db));
                    }
                    long disagree = count(db, DISAGREEMENTS.get(m.getKey()));
                    if (disagree != 0) {
                        problems.add(s.id() + ": " + disagree + " rows of the new shape disagree");
                    }
                }
            } finally {
                server.shutdown(Duration.ofSeconds(1));
            }
        }
        System.out.println("MySQL corpus writes through the proxy (" + mode + "): " + checked + " checked, "
                + problems.size() + " problems");
        assertEquals(List.of(), problems);
        assertTrue(checked >= 20, "checked " + checked);
    }

    /** Runs the statement the way an application would and describes what the client saw. */
    private static String execute(Connection c, Corpus.CorpusStatement s, boolean transaction) throws SQLException {
        StringBuilder seen = new StringBuilder();
        c.setAutoCommit(!transaction);
        try {
            Statement st;
            boolean rs;
            if (s.params().isEmpty()) {
                st = c.createStatement();
                rs = st.execute(s.sql(), Statement.RETURN_GENERATED_KEYS);
            } else {
                PreparedStatement ps = c.prepareStatement(s.sql(), Statement.RETURN_GENERATED_KEYS);
                for (int i = 0; i < s.params().size(); i++) {
                    Object p = s.params().get(i);
                    ps.setObject(i + 1, p instanceof BigDecimal d ? d : p);
                }
                st = ps;
                rs = ps.execute();
            }
            while (true) {
                if (rs) {
                    seen.append("rows;");
                } else if (st.getUpdateCount() >= 0) {
                    seen.append("count ").append(st.getUpdateCount()).append(';');
                } else {
                    break;
                }
                rs = st.getMoreResults();
            }
            try (ResultSet keys = st.getGeneratedKeys()) {
                while (keys.next()) {
                    seen.append(" key ").append(keys.getLong(1));
                }
            }
            int warnings = 0;
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                warnings++;
            }
            seen.append(" warnings ").append(warnings);
            if (transaction) {
                c.commit();
            }
        } catch (SQLException e) {
            seen.append("error ").append(e.getErrorCode());
            if (transaction) {
                c.rollback();
            }
        }
        return seen.toString();
    }

    private static void reset(DbEndpoint db, Corpus corpus, String newTable, String backfill) throws SQLException {
        try (Connection c = db.connect("allowMultiQueries=true"); Statement s = c.createStatement()) {
            s.execute("SET FOREIGN_KEY_CHECKS = 0");
            if (newTable != null) {
                s.execute("DELETE FROM " + newTable);
            }
            for (String t : List.of("orders", "products", "users")) {
                s.execute("DELETE FROM " + t);
                s.execute("ALTER TABLE " + t + " AUTO_INCREMENT = 1");
            }
            s.execute("SET FOREIGN_KEY_CHECKS = 1");
            s.execute(corpus.seed());
            if (backfill != null) {
                s.execute(backfill);
            }
        }
    }

    private static void script(DbEndpoint db, String sql) throws SQLException {
        try (Connection c = db.connect("allowMultiQueries=true"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> rows(DbEndpoint db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect("allowMultiQueries=true"); Statement s = c.createStatement()) {
            boolean more = s.execute(OLD_ROWS);
            while (more) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.append(rs.getString(i)).append('|');
                        }
                        out.add(row.toString());
                    }
                }
                more = s.getMoreResults();
            }
        }
        return out;
    }

    private static long count(DbEndpoint db, String sql) throws SQLException {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Path corpusFile() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("shared/sql-corpus/mysql.yaml");
            if (Files.exists(f)) {
                return f;
            }
        }
        return Path.of("/work/shared/sql-corpus/mysql.yaml");
    }
}
