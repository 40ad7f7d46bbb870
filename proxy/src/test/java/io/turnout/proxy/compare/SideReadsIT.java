package io.turnout.proxy.compare;

import com.zaxxer.hikari.HikariDataSource;
import io.turnout.proxy.admin.EvidenceLog;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.route.CompareRequest;
import io.turnout.routing.model.Phase;
import io.turnout.routing.sql.Dialect;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compare reads on the real servers, without a proxy in front: how a sample's two shapes are read (one statement, or
 * two in a transaction) and that the side connections cannot write.
 */
class SideReadsIT {

    private static final String ID = "m";

    private HikariDataSource side;
    private EvidenceLog evidence;
    private CompareRunner runner;
    private DbEndpoint db;

    private void start(Dialect dialect) throws SQLException {
        db = dialect == Dialect.POSTGRES ? DatabaseHarness.postgres().freshDatabase("side reads")
                : DatabaseHarness.mysql().freshDatabase("side reads");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40), full_name VARCHAR(40))");
            s.execute("INSERT INTO users VALUES (1, 'ann', 'ann'), (2, 'bob', 'bob'), (3, 'cy', 'cy')");
        }
        side = ComparePool.open(db.jdbcUrl(), db.user(), db.password(), "side-reads-test", 2);
        ControlPlane control = new ControlPlane(Clock.systemUTC());
        evidence = new EvidenceLog(10);
        CompareRules rules = new CompareRules(Set.of(), 0, Duration.ofMillis(1), 1000);
        runner = new CompareRunner(dialect, side, control, new BreakerLoop(control, Clock.systemUTC()), evidence,
                rules, Clock.systemUTC(), 1, 16);
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
            side.close();
        }
    }

    private static CompareRequest sample(String oldSql, String newSql, boolean ordered, Object... params) {
        return new CompareRequest(ID, oldSql, newSql, List.of(params), ordered, "fp", Phase.LIVE, 25);
    }

    private static String param(Dialect dialect) {
        return dialect == Dialect.POSTGRES ? "$1" : "?";
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void aMultisetReadIsOneStatementAndFindsEqualAndPlantedDifferentRows(Dialect dialect) throws SQLException {
        start(dialect);
        String p = param(dialect);
        runner.run(sample("SELECT id, name FROM users WHERE id >= " + p,
                "SELECT id, full_name AS name FROM users WHERE id >= " + p, false, 1));
        assertEquals(new EvidenceLog.Stats(1, 0, 0), evidence.stats(ID));
        assertEquals(1, runner.readAsOne());
        assertEquals(0, runner.readAsTwo());

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE users SET full_name = 'bo' WHERE id = 2");
        }
        runner.run(sample("SELECT id, name FROM users WHERE id >= " + p,
                "SELECT id, full_name AS name FROM users WHERE id >= " + p, false, 1));
        assertEquals(new EvidenceLog.Stats(2, 0, 1), evidence.stats(ID), "the planted value, confirmed on recheck");
        assertEquals(3, runner.readAsOne(), "first read and recheck, each one statement");
        var found = evidence.recent(ID).get(0);
        assertEquals(List.of("2 | 'bob'"), found.oldRows());
        assertEquals(List.of("2 | 'bo'"), found.newRows());
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void samplesOfOneTextTakenTogetherShareOneStatementAndAPlantedValueIsFoundInItsOwnSample(Dialect dialect)
            throws SQLException {
        start(dialect);
        String p = param(dialect);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE users SET full_name = 'bo' WHERE id = 2");
        }
        String old = "SELECT id, name FROM users WHERE id = " + p + ";";
        String fresh = "SELECT id, full_name AS name FROM users WHERE id = " + p + ";";
        runner.runBatch(List.of(sample(old, fresh, false, 1), sample(old, fresh, false, 2),
                sample(old, fresh, false, 3), sample(old, fresh, false, 9), sample(old, fresh, false, 1)));
        assertEquals(1, runner.batches(), "five samples, one side statement");
        assertEquals(new EvidenceLog.Stats(5, 0, 1), evidence.stats(ID), "only id 2 differs, confirmed on recheck");
        assertEquals(6, runner.readAsOne(), "five in the batch, and the recheck of id 2 on its own");
        var found = evidence.recent(ID).get(0);
        assertEquals(List.of("2"), found.parameters());
        assertEquals(List.of("2 | 'bob'"), found.oldRows());
        assertEquals(List.of("2 | 'bo'"), found.newRows());
        assertEquals(0, runner.skipped());
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void samplesOfSeveralTextsAndOrderedOnesAreSortedIntoGroups(Dialect dialect) throws SQLException {
        start(dialect);
        String p = param(dialect);
        String a = "SELECT id, name FROM users WHERE id = " + p;
        String aNew = "SELECT id, full_name AS name FROM users WHERE id = " + p;
        String b = "SELECT name FROM users WHERE id > " + p;
        String bNew = "SELECT full_name AS name FROM users WHERE id > " + p;
        String ordered = "SELECT id, name FROM users ORDER BY id";
        String orderedNew = "SELECT id, full_name AS name FROM users ORDER BY id";
        runner.runBatch(List.of(sample(a, aNew, false, 1), sample(b, bNew, false, 0), sample(ordered, orderedNew, true),
                sample(a, aNew, false, 2), sample(b, bNew, false, 1), sample(a, aNew, false, 3),
                sample("SELECT 1 AS one", "SELECT 1 AS one", false)));
        assertEquals(2, runner.batches(), "one statement for the three of a, one for the two of b");
        assertEquals(6, runner.readAsOne(), "five in batches and the one-of-a-kind read alone");
        assertEquals(1, runner.readAsTwo(), "the ordered read");
        assertEquals(new EvidenceLog.Stats(7, 0, 0), evidence.stats(ID));
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void aGroupIsCutWhereItsBoundValuesWouldPassTheLimit(Dialect dialect) throws SQLException {
        start(dialect);
        int n = CompareRunner.MAX_BATCH_VALUES / 4 + 1; // two samples bind 2 * 2 * n values: over the limit
        StringBuilder list = new StringBuilder();
        Object[] values = new Object[n];
        for (int i = 1; i <= n; i++) {
            list.append(i > 1 ? ", " : "").append(dialect == Dialect.POSTGRES ? "$" + i : "?");
            values[i - 1] = i;
        }
        String old = "SELECT id, name FROM users WHERE id IN (" + list + ")";
        String fresh = "SELECT id, full_name AS name FROM users WHERE id IN (" + list + ")";
        runner.runBatch(List.of(sample(old, fresh, false, values), sample(old, fresh, false, values),
                sample(old, fresh, false, values)));
        assertEquals(0, runner.batches(), "no two of them fit in one statement");
        assertEquals(3, runner.readAsOne(), "each read alone, as one statement");
        assertEquals(new EvidenceLog.Stats(3, 0, 0), evidence.stats(ID));
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void samplesThatDoNotCombineAreReadOneByOneAndTheTextIsRemembered(Dialect dialect) throws SQLException {
        start(dialect);
        String p = param(dialect);
        String old = dialect == Dialect.POSTGRES ? "SELECT id, to_json(name) AS name FROM users WHERE id = " + p
                : "SELECT id, name, id FROM users WHERE id = " + p;
        String fresh = dialect == Dialect.POSTGRES
                ? "SELECT id, to_jsonb(full_name) AS name FROM users WHERE id = " + p
                : "SELECT id, full_name AS name, id FROM users WHERE id = " + p;
        runner.runBatch(List.of(sample(old, fresh, false, 1), sample(old, fresh, false, 2),
                sample(old, fresh, false, 3)));
        runner.runBatch(List.of(sample(old, fresh, false, 1), sample(old, fresh, false, 2)));
        assertEquals(0, runner.batches());
        assertEquals(0, runner.readAsOne());
        assertEquals(5, runner.readAsTwo(), "every sample in a transaction of its own");
        assertEquals(new EvidenceLog.Stats(5, 0, 0), evidence.stats(ID));
        assertEquals(0, runner.skipped());
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void aBatchWithASampleOverTheRowLimitSkipsThatOneAndReadsTheOthersAlone(Dialect dialect) throws SQLException {
        db = dialect == Dialect.POSTGRES ? DatabaseHarness.postgres().freshDatabase("side reads")
                : DatabaseHarness.mysql().freshDatabase("side reads");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40), full_name VARCHAR(40))");
            s.execute("INSERT INTO users VALUES (1, 'ann', 'ann'), (2, 'bob', 'bob'), (3, 'cy', 'cy')");
        }
        side = ComparePool.open(db.jdbcUrl(), db.user(), db.password(), "side-reads-test", 2);
        ControlPlane control = new ControlPlane(Clock.systemUTC());
        evidence = new EvidenceLog(10);
        runner = new CompareRunner(dialect, side, control, new BreakerLoop(control, Clock.systemUTC()), evidence,
                new CompareRules(Set.of(), 0, Duration.ofMillis(1), 2), Clock.systemUTC(), 1, 16);
        String p = param(dialect);
        String old = "SELECT id, name FROM users WHERE id >= " + p;
        String fresh = "SELECT id, full_name AS name FROM users WHERE id >= " + p;
        // id >= 1 gives three rows on each side, over the limit of two; id >= 2 and id >= 3 fit
        runner.runBatch(List.of(sample(old, fresh, false, 2), sample(old, fresh, false, 1),
                sample(old, fresh, false, 3)));
        assertEquals(1, runner.batches());
        assertEquals(1, runner.skipped(), "the sample over the limit");
        assertEquals(new EvidenceLog.Stats(2, 0, 0), evidence.stats(ID), "the other two, each read again alone");
        runner.runBatch(List.of(sample(old, fresh, false, 2), sample(old, fresh, false, 3)));
        assertEquals(1, runner.batches(), "the text is read alone from now on");
        assertEquals(new EvidenceLog.Stats(4, 0, 0), evidence.stats(ID));
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void anOrderedReadRunsAsTwoStatementsInOneTransaction(Dialect dialect) throws SQLException {
        start(dialect);
        runner.run(sample("SELECT id, name FROM users ORDER BY id", "SELECT id, full_name AS name FROM users ORDER BY id",
                true));
        assertEquals(new EvidenceLog.Stats(1, 0, 0), evidence.stats(ID));
        assertEquals(0, runner.readAsOne());
        assertEquals(1, runner.readAsTwo());
        // the same rows in another order differ when the order counts
        runner.run(sample("SELECT id, name FROM users ORDER BY id", "SELECT id, full_name AS name FROM users "
                + "ORDER BY id DESC", true));
        assertEquals(1, evidence.stats(ID).confirmed());
        try (Connection c = side.getConnection(); Statement s = c.createStatement()) {
            // nothing left open on the pooled connection: a new statement starts its own snapshot
            s.execute("SELECT 1");
            assertTrue(c.getAutoCommit());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void aTextEndingInASemicolonIsStillReadAsOneStatement(Dialect dialect) throws SQLException {
        start(dialect);
        String p = param(dialect);
        runner.run(sample("SELECT id, name FROM users WHERE id = " + p + ";",
                "SELECT id, full_name AS name FROM users WHERE id = " + p + " ; -- pgbench style\n", false, 2));
        assertEquals(new EvidenceLog.Stats(1, 0, 0), evidence.stats(ID));
        assertEquals(1, runner.readAsOne());
        assertEquals(0, runner.readAsTwo());
        assertEquals(0, runner.skipped());
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void aReadThatDoesNotCombineFallsBackAndIsRemembered(Dialect dialect) throws SQLException {
        start(dialect);
        String p = param(dialect);
        // PostgreSQL: UNION cannot unify json with jsonb (a JSON string reads as the same text from both);
        // MySQL: a derived table cannot have two columns named id
        String old = dialect == Dialect.POSTGRES ? "SELECT id, to_json(name) AS name FROM users WHERE id = " + p
                : "SELECT id, name, id FROM users WHERE id = " + p;
        String fresh = dialect == Dialect.POSTGRES
                ? "SELECT id, to_jsonb(full_name) AS name FROM users WHERE id = " + p
                : "SELECT id, full_name AS name, id FROM users WHERE id = " + p;
        runner.run(sample(old, fresh, false, 2));
        runner.run(sample(old, fresh, false, 3));
        assertEquals(new EvidenceLog.Stats(2, 0, 0), evidence.stats(ID));
        assertEquals(0, runner.readAsOne());
        assertEquals(2, runner.readAsTwo());
        assertEquals(0, runner.skipped());
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void aLostConnectionSkipsTheSampleWithoutMarkingTheStatement(Dialect dialect) throws SQLException {
        start(dialect);
        String p = param(dialect);
        CompareRequest read = sample("SELECT id, name FROM users WHERE id = " + p,
                "SELECT id, full_name AS name FROM users WHERE id = " + p, false, 1);
        runner.run(read);
        assertEquals(1, runner.readAsOne());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // the server ends the pool's idle side connection
            if (dialect == Dialect.POSTGRES) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND pid <> pg_backend_pid()");
            } else {
                List<Long> others = new java.util.ArrayList<>();
                try (var rs = s.executeQuery("SELECT id FROM information_schema.processlist WHERE db = DATABASE()"
                        + " AND id <> CONNECTION_ID()")) {
                    while (rs.next()) {
                        others.add(rs.getLong(1));
                    }
                }
                for (long id : others) {
                    s.execute("KILL " + id);
                }
            }
        }
        runner.run(read);
        assertEquals(1, runner.skipped(), "the sample on the ended connection");
        runner.run(read);
        assertEquals(2, runner.readAsOne(), "a new connection, and the statement still read as one");
        assertEquals(0, runner.readAsTwo());
        assertEquals(new EvidenceLog.Stats(2, 0, 0), evidence.stats(ID));
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRES", "MYSQL"})
    void sideConnectionsAreReadOnlyAlsoInAutocommit(Dialect dialect) throws SQLException {
        start(dialect);
        try (Connection c = side.getConnection(); Statement s = c.createStatement()) {
            assertTrue(c.getAutoCommit());
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE users SET name = 'x' WHERE id = 1"));
            assertEquals("25006", e.getSQLState(), e.getMessage());
        }
    }
}
