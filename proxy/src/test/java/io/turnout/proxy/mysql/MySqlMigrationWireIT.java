package io.turnout.proxy.mysql;

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
import io.turnout.proxy.pg.NoLeakReports;
import io.turnout.proxy.route.MigrationPlanner;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real translator and control plane on the MySQL wire against MariaDB, with Connector/J in text protocol
 * ({@code useServerPrepStmts=false}) and binary protocol ({@code useServerPrepStmts=true}).
 */
@ExtendWith(NoLeakReports.class)
class MySqlMigrationWireIT {

    private static DbEndpoint direct;
    private static ProxyServer server;
    private static final ControlPlane CONTROL = new ControlPlane(Clock.systemUTC());
    private static final List<Translation> UNTRANSLATABLE = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws SQLException {
        direct = DatabaseHarness.mysql().freshDatabase("mysql migration wire");
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100), email VARCHAR(100))");
            s.execute("INSERT INTO users VALUES (1, 'Ada', 'ada@example.com'), (2, 'Bob', NULL)");
            s.execute("ALTER TABLE users ADD COLUMN full_name VARCHAR(100)");
            s.execute("UPDATE users SET full_name = name");
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY AUTO_INCREMENT, user_id BIGINT NOT NULL, "
                    + "total DECIMAL(10,2)) ENGINE=InnoDB");
            s.execute("CREATE TABLE orders_v2 (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, "
                    + "total_amount DECIMAL(10,2), CONSTRAINT non_negative CHECK (total_amount >= 0)) ENGINE=InnoDB");
            s.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, login VARCHAR(50), bio VARCHAR(200)) ENGINE=InnoDB");
            s.execute("CREATE TABLE account_profiles (account_id BIGINT PRIMARY KEY, bio VARCHAR(200), "
                    + "FOREIGN KEY (account_id) REFERENCES accounts(id)) ENGINE=InnoDB");
        }
        CONTROL.create(new MigrationSpec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null,
                null, null, null, null, null, null, null), null, "test", null);
        CONTROL.create(new MigrationSpec("m4", MigrationKind.SPLIT_TABLE, "accounts", null, "account_profiles",
                null, null, null, null, List.of("bio"), "id", "account_id", null, null), null, "test", null);
        CONTROL.create(new MigrationSpec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2", null, null,
                null, Map.of("total", "total_amount"), null, null, null, null, null), null, "test", null);
        MigrationPlanner planner = new MigrationPlanner(Dialect.MYSQL, CONTROL,
                new BreakerLoop(CONTROL, Clock.systemUTC()), UNTRANSLATABLE::add);
        ListenerConfig config = new ListenerConfig("my", Protocol.MYSQL, new HostPort("127.0.0.1", 0),
                Upstream.tcp(direct.host(), direct.port()), TlsConfig.NONE, Limits.DEFAULTS);
        server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new MySqlServerListener(c, t, planner)).start();
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(1));
    }

    private static Connection proxied(boolean serverPrepared) throws SQLException {
        return direct.withHostPort("127.0.0.1", server.listener("my").boundPort())
                .connect("useServerPrepStmts=" + serverPrepared + "&cachePrepStmts=true");
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
        try (Connection c = proxied(false); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (10, 1, 19.98)",
                    Statement.RETURN_GENERATED_KEYS));
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertTrue(keys.next());
                assertEquals(10, keys.getLong(1), "the last insert id of the client's own INSERT");
            }
            assertEquals(1, s.executeUpdate("UPDATE orders SET total = total + 1 WHERE id = 10"));
            assertEquals(0, s.executeUpdate("UPDATE orders SET total = 5 WHERE id = 999"));
            assertEquals("20.98", one(c, "SELECT total FROM orders WHERE id = 10"));
        }
        try (Connection c = direct.connect()) {
            assertEquals("20.98", one(c, "SELECT total FROM orders WHERE id = 10"));
            assertEquals("20.98", one(c, "SELECT total_amount FROM orders_v2 WHERE id = 10"));
        }
        try (Connection c = proxied(false); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("DELETE FROM orders WHERE id = 10"));
        }
        try (Connection c = direct.connect()) {
            assertEquals("0", one(c, "SELECT count(*) FROM orders_v2 WHERE id = 10"));
        }
    }

    @Test
    void aMultiStatementTextWithHiddenWritesRunsStatementByStatementAsTheServerWould() throws SQLException {
        reach("m3", Phase.DUAL_WRITE);
        try (Connection c = direct.withHostPort("127.0.0.1", server.listener("my").boundPort())
                .connect("allowMultiQueries=true"); Statement s = c.createStatement()) {
            assertTrue(!s.execute("START TRANSACTION; INSERT INTO orders (id, user_id, total) VALUES (30, 1, 3);"
                    + " UPDATE orders SET total = total + 1 WHERE id IN (30, 999); COMMIT"));
            List<Integer> counts = new java.util.ArrayList<>();
            do {
                counts.add(s.getUpdateCount());
            } while (s.getMoreResults() || s.getUpdateCount() >= 0);
            assertEquals(List.of(0, 1, 1, 0), counts, "one result per client statement, the client's own counts");
            assertEquals("0", one(c, "SELECT @@in_transaction"), "the text's own COMMIT ended its transaction");
            SQLException e = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO orders (id, user_id, total) VALUES (31, 1, 1); "
                            + "INSERT INTO orders (id, user_id, total) VALUES (32, 1, -1); "
                            + "INSERT INTO orders (id, user_id, total) VALUES (33, 1, 1)"));
            assertTrue(e.getMessage().contains("non_negative"), e.getMessage());
            assertEquals("0", one(c, "SELECT @@in_transaction"), "autocommit as before");
        }
        try (Connection c = direct.connect()) {
            assertEquals("4.00", one(c, "SELECT total_amount FROM orders_v2 WHERE id = 30"));
            assertEquals("4.00", one(c, "SELECT total FROM orders WHERE id = 30"));
            assertEquals("31", one(c, "SELECT group_concat(id) FROM orders WHERE id BETWEEN 31 AND 33"),
                    "as on the server: the statements before the failing one stay, none after it runs");
            assertEquals("31", one(c, "SELECT group_concat(id) FROM orders_v2 WHERE id BETWEEN 31 AND 33"));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void statementsPreparedBeforeTheMigrationExistedAreRoutedOnceItDoes(boolean serverPrepared) throws SQLException {
        String t = serverPrepared ? "parcels_bin" : "parcels_text";
        try (Connection d = direct.connect(); Statement s = d.createStatement()) {
            s.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, weight INT) ENGINE=InnoDB");
            s.execute("CREATE TABLE " + t + "_v2 (id BIGINT PRIMARY KEY, grams INT) ENGINE=InnoDB");
        }
        try (Connection c = proxied(serverPrepared);
             PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " (id, weight) VALUES (?, ?)");
             PreparedStatement upd = c.prepareStatement("UPDATE " + t + " SET weight = ? WHERE id = ?")) {
            ins.setLong(1, 1);
            ins.setInt(2, 10);
            assertEquals(1, ins.executeUpdate(), "no migration concerns the table yet");
            String id = "m5" + t;
            CONTROL.create(new MigrationSpec(id, MigrationKind.MOVE_TABLE, t, null, t + "_v2", null, null, null,
                    Map.of("weight", "grams"), null, null, null, null, null), null, "test", null);
            reach(id, Phase.DUAL_WRITE);
            ins.setLong(1, 2);
            ins.setInt(2, 20);
            assertEquals(1, ins.executeUpdate());
            upd.setInt(1, 21);
            upd.setLong(2, 2);
            assertEquals(1, upd.executeUpdate());
        }
        try (Connection d = direct.connect()) {
            assertEquals("21", one(d, "SELECT group_concat(grams) FROM " + t + "_v2"),
                    "the statements prepared before the migration existed write both shapes now");
        }
    }

    @Test
    void aFailingHiddenWriteFailsTheClientStatementWithNothingWritten() throws SQLException {
        reach("m3", Phase.DUAL_WRITE);
        try (Connection c = proxied(false); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (20, 1, -1)"));
            assertTrue(e.getMessage().contains("non_negative"), e.getMessage());
            assertEquals(1, s.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (21, 1, 2)"),
                    "the connection goes on");
            assertEquals("0", one(c, "SELECT @@in_transaction"), "autocommit session left as it was");
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (22, 1, 3)");
            assertThrows(SQLException.class,
                    () -> s.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (23, 1, -3)"));
            c.commit();
        }
        try (Connection c = direct.connect()) {
            assertEquals("0", one(c, "SELECT count(*) FROM orders WHERE id IN (20, 23)"), "rolled back");
            assertEquals("0", one(c, "SELECT count(*) FROM orders_v2 WHERE id IN (20, 23)"));
            assertEquals("2", one(c, "SELECT count(*) FROM orders_v2 WHERE id IN (21, 22)"));
            assertEquals("2", one(c, "SELECT count(*) FROM orders WHERE id IN (21, 22)"), "the client's commit");
        }
    }

    @Test
    void renameColumnReadsMoveToTheNewColumnInLiveAndBackWhenTripped() throws SQLException {
        reach("m1", Phase.DUAL_WRITE);
        try (Connection c = proxied(false); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE users SET name = 'Ada L.' WHERE id = 1"));
        }
        try (Connection c = direct.connect()) {
            assertEquals("Ada L.", one(c, "SELECT full_name FROM users WHERE id = 1"), "dual write");
            c.createStatement().execute("UPDATE users SET full_name = 'from-new' WHERE id = 2");
        }
        reach("m1", Phase.LIVE);
        CONTROL.setReadPercent("m1", 100, null, "test", null);
        try (Connection c = proxied(false); ResultSet rs = c.createStatement()
                .executeQuery("SELECT id, name FROM users WHERE id = 2")) {
            assertTrue(rs.next());
            assertEquals("name", rs.getMetaData().getColumnLabel(2), "the client's column name");
            assertEquals("from-new", rs.getString("name"), "served from the new column");
        }
        CONTROL.trip("m1", "test trip", "test");
        try (Connection c = proxied(false)) {
            assertEquals("Bob", one(c, "SELECT name FROM users WHERE id = 2"), "tripped: old column again");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void splitTableDeleteRemovesTheChildRowFirst(boolean serverPrepared) throws SQLException {
        reach("m4", Phase.DUAL_WRITE);
        long base = serverPrepared ? 100 : 0;
        try (Connection c = proxied(serverPrepared);
             PreparedStatement ins = c.prepareStatement("INSERT INTO accounts (id, login, bio) VALUES (?, ?, ?)");
             PreparedStatement upd = c.prepareStatement("UPDATE accounts SET bio = ? WHERE id = ?");
             PreparedStatement del = c.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
            for (int i = 1; i <= 3; i++) {
                ins.setLong(1, base + i);
                ins.setString(2, "login" + i);
                ins.setString(3, "bio " + i);
                assertEquals(1, ins.executeUpdate());
            }
            upd.setString(1, "new bio");
            upd.setLong(2, base + 3);
            assertEquals(1, upd.executeUpdate(), "the client's row count, not the upsert's");
            try (Connection d = direct.connect()) {
                assertEquals("bio 2", one(d, "SELECT bio FROM account_profiles WHERE account_id = " + (base + 2)));
                assertEquals("new bio", one(d, "SELECT bio FROM account_profiles WHERE account_id = " + (base + 3)));
            }
            del.setLong(1, base + 2);
            assertEquals(1, del.executeUpdate(), "the profile row goes first, so the foreign key holds");
        }
        try (Connection c = direct.connect()) {
            assertEquals("0", one(c, "SELECT count(*) FROM account_profiles WHERE account_id = " + (base + 2)));
            assertEquals("2", one(c, "SELECT count(*) FROM accounts WHERE id BETWEEN " + base + " AND " + (base + 9)));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void preparedDualWritesWithParametersAndOneResult(boolean serverPrepared) throws SQLException {
        reach("m3", Phase.DUAL_WRITE);
        long base = serverPrepared ? 1100 : 1000;
        try (Connection c = proxied(serverPrepared);
             PreparedStatement ins = c.prepareStatement("INSERT INTO orders (id, user_id, total) VALUES (?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS);
             PreparedStatement upd = c.prepareStatement("UPDATE orders SET total = ? WHERE id = ?")) {
            for (int i = 0; i < 8; i++) {
                ins.setLong(1, base + i);
                ins.setLong(2, 1);
                ins.setBigDecimal(3, new BigDecimal("1.50"));
                assertEquals(1, ins.executeUpdate());
                try (ResultSet keys = ins.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertEquals(base + i, keys.getLong(1), "last insert id");
                }
                upd.setBigDecimal(1, new BigDecimal(i + ".25"));
                upd.setLong(2, base + i);
                assertEquals(1, upd.executeUpdate());
            }
            ins.setLong(1, base + 50);
            ins.setLong(2, 1);
            ins.setBigDecimal(3, new BigDecimal("-1"));
            SQLException e = assertThrows(SQLException.class, ins::executeUpdate);
            assertTrue(e.getMessage().contains("non_negative"), "the hidden write's failure: " + e.getMessage());
            ins.setLong(1, base + 51);
            ins.setBigDecimal(3, new BigDecimal("2"));
            assertEquals(1, ins.executeUpdate(), "the connection goes on after the failure");
            c.setAutoCommit(false);
            upd.setBigDecimal(1, new BigDecimal("9.99"));
            upd.setLong(2, base + 51);
            assertEquals(1, upd.executeUpdate());
            c.rollback();
        }
        try (Connection c = direct.connect()) {
            String range = " WHERE id BETWEEN " + base + " AND " + (base + 99);
            assertEquals("9", one(c, "SELECT count(*) FROM orders_v2" + range));
            assertEquals("9", one(c, "SELECT count(*) FROM orders" + range), "nothing half-written");
            assertEquals("7.25", one(c, "SELECT total_amount FROM orders_v2 WHERE id = " + (base + 7)));
            assertEquals("2.00", one(c, "SELECT total_amount FROM orders_v2 WHERE id = " + (base + 51)),
                    "the client's rollback covers the hidden write");
            assertEquals("0", one(c, "SELECT count(*) FROM orders o JOIN orders_v2 v USING (id)" + range
                    + " AND NOT (o.total <=> v.total_amount)"));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void preparedStatementsChooseTheirPathAtEveryExecution(boolean serverPrepared) throws SQLException {
        long id = serverPrepared ? 8 : 7;
        try (Connection d = direct.connect()) {
            d.createStatement().execute("REPLACE INTO users (id, name, email, full_name) VALUES (" + id + ", 'old-"
                    + id + "', NULL, 'new-" + id + "')");
        }
        reach("m1", Phase.LIVE);
        CONTROL.setReadPercent("m1", 100, null, "test", null);
        try (Connection c = proxied(serverPrepared);
             PreparedStatement q = c.prepareStatement("SELECT name FROM users WHERE id = ?")) {
            q.setLong(1, id);
            for (int i = 0; i < 4; i++) {
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("new-" + id, rs.getString(1));
                }
            }
            CONTROL.trip("m1", "test trip", "test");
            for (int i = 0; i < 2; i++) {
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("old-" + id, rs.getString(1), "the same statement now reads the old column");
                }
            }
            CONTROL.rearm("m1", null, "test", null);
            CONTROL.setReadPercent("m1", 100, null, "test", null);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("new-" + id, rs.getString(1), "re-armed: new column again");
            }
        }
    }

    @Test
    void aTransactionKeepsThePathOfItsFirstPlannedRead() throws SQLException {
        try (Connection d = direct.connect()) {
            d.createStatement().execute("REPLACE INTO users (id, name, email, full_name) VALUES (9, 'old-9', NULL, "
                    + "'new-9')");
        }
        reach("m1", Phase.LIVE);
        CONTROL.setReadPercent("m1", 100, null, "test", null);
        try (Connection c = proxied(false)) {
            c.setAutoCommit(false);
            assertEquals("new-9", one(c, "SELECT name FROM users WHERE id = 9"));
            CONTROL.setReadPercent("m1", 0, null, "test", null);
            assertEquals("new-9", one(c, "SELECT name FROM users WHERE id = 9"), "same transaction, same path");
            c.commit();
            assertEquals("old-9", one(c, "SELECT name FROM users WHERE id = 9"), "the next transaction: 0%");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void concurrentDualWritersLeaveBothTablesIdentical(boolean serverPrepared) throws Exception {
        reach("m3", Phase.DUAL_WRITE);
        long base = serverPrepared ? 20_000 : 10_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Integer>> jobs = new java.util.ArrayList<>();
        for (int w = 0; w < 4; w++) {
            long start = base + w * 1000L;
            jobs.add(pool.submit(() -> {
                int failures = 0;
                try (Connection c = proxied(serverPrepared);
                     PreparedStatement ins = c.prepareStatement(
                             "INSERT INTO orders (id, user_id, total) VALUES (?, 1, ?)");
                     PreparedStatement upd = c.prepareStatement(
                             "UPDATE orders SET total = total + 1 WHERE id BETWEEN ? AND ?")) {
                    for (int i = 0; i < 40; i++) {
                        ins.setLong(1, start + i);
                        ins.setBigDecimal(2, new BigDecimal(i));
                        ins.executeUpdate();
                        upd.setLong(1, base);
                        upd.setLong(2, base + 4000);
                        try {
                            upd.executeUpdate(); // overlapping ranges: deadlocks are possible, and must be clean
                        } catch (SQLException e) {
                            failures++;
                        }
                    }
                }
                return failures;
            }));
        }
        for (java.util.concurrent.Future<Integer> j : jobs) {
            j.get(120, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        try (Connection c = direct.connect()) {
            String range = " BETWEEN " + base + " AND " + (base + 4000);
            assertEquals("160", one(c, "SELECT count(*) FROM orders_v2 WHERE id" + range));
            assertEquals("0", one(c, "SELECT count(*) FROM orders o LEFT JOIN orders_v2 v USING (id) WHERE o.id"
                    + range + " AND NOT (o.total <=> v.total_amount)"), "every failed statement left nothing");
        }
    }
}
