package io.turnout.proxy.route;

import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.Protocol;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.TurnoutConfig;
import io.turnout.proxy.config.Upstream;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.MigrationState;
import io.turnout.proxy.pg.PgListener;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.Translation;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real translator and control plane on the PostgreSQL wire: phases drive what the server receives. */
class MigrationWireIT {

    private static DbEndpoint direct;
    private static ProxyServer server;
    private static final ControlPlane CONTROL = new ControlPlane(Clock.systemUTC());
    private static final List<Translation> UNTRANSLATABLE = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws SQLException {
        direct = DatabaseHarness.postgres().freshDatabase("migration wire");
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id bigint PRIMARY KEY, name text, email text)");
            s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL, total numeric(10,2))");
            s.execute("INSERT INTO users VALUES (1, 'Ada', 'ada@example.com'), (2, 'Bob', NULL)");
            s.execute("ALTER TABLE users ADD COLUMN full_name text");
            s.execute("UPDATE users SET full_name = name");
            s.execute("CREATE TABLE orders_v2 (id bigint PRIMARY KEY, user_id bigint NOT NULL, "
                    + "total_amount numeric(10,2) CHECK (total_amount >= 0))");
            s.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, login text, bio text)");
            s.execute("CREATE TABLE account_profiles (account_id bigint PRIMARY KEY REFERENCES accounts(id), bio text)");
        }
        CONTROL.create(new MigrationSpec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null,
                null, null, null, null, null, null, null), null, "test", null);
        CONTROL.create(new MigrationSpec("m4", MigrationKind.SPLIT_TABLE, "accounts", null, "account_profiles",
                null, null, null, null, List.of("bio"), "id", "account_id", null, null), null, "test", null);
        CONTROL.create(new MigrationSpec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2", null, null,
                null, Map.of("total", "total_amount"), null, null, null, null, null), null, "test", null);
        MigrationPlanner planner = new MigrationPlanner(Dialect.POSTGRES, CONTROL,
                new BreakerLoop(CONTROL, Clock.systemUTC()), UNTRANSLATABLE::add);
        ListenerConfig config = new ListenerConfig("pg", Protocol.POSTGRES, new HostPort("127.0.0.1", 0),
                Upstream.tcp(direct.host(), direct.port()), TlsConfig.NONE, Limits.DEFAULTS);
        server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new PgListener(c, t, planner)).start();
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(1));
    }

    private static Connection proxied() throws SQLException {
        return direct.withHostPort("127.0.0.1", server.listener("pg").boundPort()).connect("preferQueryMode=simple");
    }

    /** pgjdbc's default extended protocol; prepareThreshold=1 makes every statement a named server statement. */
    private static Connection proxiedExtended() throws SQLException {
        return direct.withHostPort("127.0.0.1", server.listener("pg").boundPort()).connect("prepareThreshold=1");
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    /** Brings a migration to a phase whatever the tests before did, with the breaker armed. */
    private static void reach(String id, Phase target) {
        MigrationState s = CONTROL.get(id);
        if (s.breaker().tripped()) {
            s = CONTROL.rearm(id, null, "test", null);
        }
        if (s.phase().ordinal() > target.ordinal()) {
            s = CONTROL.setPhase(id, target, null, "test", null);
        }
        while (s.phase() != target) {
            s = CONTROL.setPhase(id, Phase.values()[s.phase().ordinal() + 1], null, "test", null);
        }
    }

    @Test
    void moveTableDualWritesKeepBothTablesInStepAndTheClientSeesOneResult() throws SQLException {
        reach("m3", Phase.DUAL_WRITE);
        try (Connection c = proxied(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (10, 1, 19.98)"));
            assertEquals(1, s.executeUpdate("UPDATE orders SET total = total + 1 WHERE id = 10"));
        }
        try (Connection c = direct.connect()) {
            assertEquals("20.98", one(c, "SELECT total FROM orders WHERE id = 10"));
            assertEquals("20.98", one(c, "SELECT total_amount FROM orders_v2 WHERE id = 10"));
        }
        try (Connection c = proxied(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("DELETE FROM orders WHERE id = 10"));
        }
        try (Connection c = direct.connect()) {
            assertEquals("0", one(c, "SELECT count(*) FROM orders_v2 WHERE id = 10"));
        }
    }

    @Test
    void renameColumnReadsMoveToTheNewColumnInLiveAndBackWhenTripped() throws SQLException {
        reach("m1", Phase.DUAL_WRITE);
        try (Connection c = proxied(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE users SET name = 'Ada L.' WHERE id = 1"));
        }
        try (Connection c = direct.connect()) {
            assertEquals("Ada L.", one(c, "SELECT full_name FROM users WHERE id = 1"), "dual write");
            c.createStatement().execute("UPDATE users SET full_name = 'from-new' WHERE id = 2");
        }
        reach("m1", Phase.LIVE);
        CONTROL.setReadPercent("m1", 100, null, "test", null);
        try (Connection c = proxied(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT id, name FROM users WHERE id = 2")) {
            assertTrue(rs.next());
            assertEquals("name", rs.getMetaData().getColumnLabel(2), "the client's column name");
            assertEquals("from-new", rs.getString("name"), "served from the new column");
        }
        CONTROL.trip("m1", "test trip", "test");
        try (Connection c = proxied()) {
            assertEquals("Bob", one(c, "SELECT name FROM users WHERE id = 2"), "tripped: old column again");
        }
    }

    /**
     * A rename's dual write repeats the client's parameter ({@code SET name = $1, full_name = $1 WHERE id = $2}): the
     * client's statement is parsed in that form and its Binds go as the client sent them, for every execution and
     * with both parameter formats pgjdbc uses.
     */
    @Test
    void renameColumnPreparedDualWritesWithARepeatedParameter() throws SQLException {
        reach("m1", Phase.DUAL_WRITE);
        try (Connection c = proxiedExtended();
             java.sql.PreparedStatement upd = c.prepareStatement("UPDATE users SET name = ? WHERE id = ?");
             java.sql.PreparedStatement add = c.prepareStatement(
                     "UPDATE users SET email = ?, name = name || ? WHERE id = ? AND name IS NOT NULL")) {
            for (int i = 0; i < 6; i++) {
                upd.setString(1, "Ada " + i);
                upd.setLong(2, 1);
                assertEquals(1, upd.executeUpdate());
                try (Connection d = direct.connect()) {
                    assertEquals("Ada " + i, one(d, "SELECT name FROM users WHERE id = 1"));
                    assertEquals("Ada " + i, one(d, "SELECT full_name FROM users WHERE id = 1"), "dual write " + i);
                }
            }
            add.setString(1, "ada@example.org");
            add.setString(2, "!");
            add.setLong(3, 1);
            assertEquals(1, add.executeUpdate());
        }
        try (Connection d = direct.connect()) {
            assertEquals("Ada 5!", one(d, "SELECT full_name FROM users WHERE id = 1"));
            assertEquals("ada@example.org", one(d, "SELECT email FROM users WHERE id = 1"));
            assertEquals("Ada 5!", one(d, "SELECT name FROM users WHERE id = 1"));
        }
    }

    @Test
    void extendedProtocolDualWritesWithParametersAndNamedStatements() throws SQLException {
        reach("m3", Phase.DUAL_WRITE);
        try (Connection c = proxiedExtended();
             java.sql.PreparedStatement ins = c.prepareStatement(
                     "INSERT INTO orders (id, user_id, total) VALUES (?, ?, ?)");
             java.sql.PreparedStatement upd = c.prepareStatement("UPDATE orders SET total = ? WHERE id = ?")) {
            for (int i = 0; i < 8; i++) {
                ins.setLong(1, 100 + i);
                ins.setLong(2, 1);
                ins.setBigDecimal(3, new java.math.BigDecimal("1.50"));
                assertEquals(1, ins.executeUpdate());
                upd.setBigDecimal(1, new java.math.BigDecimal(i + ".25"));
                upd.setLong(2, 100 + i);
                assertEquals(1, upd.executeUpdate());
            }
            ins.setLong(1, 200);
            ins.setLong(2, 1);
            ins.setBigDecimal(3, new java.math.BigDecimal("-1"));
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, ins::executeUpdate);
            assertEquals("23514", e.getSQLState(), "the hidden write's failure is the client's: " + e.getMessage());
            ins.setLong(1, 201);
            ins.setBigDecimal(3, new java.math.BigDecimal("2"));
            assertEquals(1, ins.executeUpdate(), "the connection goes on after the failure");
        }
        try (Connection c = direct.connect()) {
            assertEquals("9", one(c, "SELECT count(*) FROM orders_v2 WHERE id BETWEEN 100 AND 201"));
            assertEquals("0", one(c, "SELECT count(*) FROM orders WHERE id = 200"), "rolled back with the hidden one");
            assertEquals("7.25", one(c, "SELECT total_amount FROM orders_v2 WHERE id = 107"));
            assertEquals("0", one(c, "SELECT count(*) FROM orders o JOIN orders_v2 v USING (id) "
                    + "WHERE o.total IS DISTINCT FROM v.total_amount"));
        }
    }

    @Test
    void splitTableInsertLeavingTheMovedColumnOutCopiesTheOldTablesDefault() throws SQLException {
        reach("m4", Phase.DUAL_WRITE);
        try (Connection d = direct.connect()) {
            d.createStatement().execute("ALTER TABLE accounts ALTER COLUMN bio SET DEFAULT 'no bio yet'");
        }
        try (Connection c = proxiedExtended();
             java.sql.PreparedStatement ins = c.prepareStatement("INSERT INTO accounts (id, login) VALUES (?, ?)")) {
            ins.setLong(1, 101);
            ins.setString(2, "extended");
            assertEquals(1, ins.executeUpdate());
        }
        try (Connection c = proxied()) {
            assertEquals(2, c.createStatement().executeUpdate(
                    "INSERT INTO accounts (id, login) VALUES (102, 'simple'), (103, 'simple')"));
        }
        try (Connection d = direct.connect()) {
            assertEquals("3", one(d, "SELECT count(*) FROM account_profiles WHERE account_id IN (101, 102, 103)"
                    + " AND bio = 'no bio yet'"));
        }
    }

    @Test
    void splitTableDeleteRemovesTheChildRowFirst() throws SQLException {
        reach("m4", Phase.DUAL_WRITE);
        try (Connection c = proxiedExtended();
             java.sql.PreparedStatement ins = c.prepareStatement("INSERT INTO accounts (id, login, bio) VALUES (?, ?, ?)");
             java.sql.PreparedStatement del = c.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
            for (int i = 1; i <= 3; i++) {
                ins.setLong(1, i);
                ins.setString(2, "login" + i);
                ins.setString(3, "bio " + i);
                assertEquals(1, ins.executeUpdate());
            }
            try (Connection d = direct.connect()) {
                assertEquals("bio 2", one(d, "SELECT bio FROM account_profiles WHERE account_id = 2"));
            }
            del.setLong(1, 2);
            assertEquals(1, del.executeUpdate(), "the profile row goes first, so the foreign key holds");
        }
        try (Connection c = direct.connect()) {
            assertEquals("0", one(c, "SELECT count(*) FROM account_profiles WHERE account_id = 2"));
            assertEquals("2", one(c, "SELECT count(*) FROM accounts"));
        }
    }

    @Test
    void namedStatementsChooseTheirPathAtEveryExecution() throws SQLException {
        try (Connection d = direct.connect()) {
            d.createStatement().execute("INSERT INTO users (id, name, email, full_name) VALUES (7, 'old-7', NULL, 'new-7')");
        }
        reach("m1", Phase.LIVE);
        CONTROL.setReadPercent("m1", 100, null, "test", null);
        try (Connection c = proxiedExtended();
             java.sql.PreparedStatement q = c.prepareStatement("SELECT name FROM users WHERE id = ?")) {
            q.setLong(1, 7);
            for (int i = 0; i < 6; i++) {
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("new-7", rs.getString(1));
                }
            }
            CONTROL.trip("m1", "test trip", "test");
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("old-7", rs.getString(1), "the same named statement now reads the old column");
            }
        }
    }
}
