package io.turnout.proxy.pg;

import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.Protocol;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.TurnoutConfig;
import io.turnout.proxy.config.Upstream;
import io.turnout.proxy.route.PlannedSql;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.routing.model.Shape;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wire mechanics of injected statements, with a planner written for the test (the translator's own planner is
 * tested elsewhere): writes to {@code items} get a hidden copy into {@code items_copy}; reads of {@code items} go to
 * {@code items_copy} instead. The client must see exactly what the original statement alone would have produced.
 */
class PgInjectedStatementsIT {

    private static final AtomicInteger PLANNED = new AtomicInteger();

    private static final StatementPlanner PLANNER = (sql, session) -> {
        String s = sql.trim();
        if (s.startsWith("INSERT INTO items ")) {
            PLANNED.incrementAndGet();
            return new StatementPlan(List.of(new PlannedSql(s, 0, true),
                    new PlannedSql(s.replace("INSERT INTO items ", "INSERT INTO items_copy "), 0, false)),
                    "t", Shape.OLD, true);
        }
        if (s.startsWith("SELECT") && s.contains(" FROM items ")) {
            PLANNED.incrementAndGet();
            return new StatementPlan(List.of(new PlannedSql(s.replace(" FROM items ", " FROM items_copy "), 0,
                    true)), "t", Shape.NEW, false);
        }
        return null;
    };

    private static DbEndpoint direct;
    private static ProxyServer server;

    @BeforeAll
    static void start() throws SQLException {
        direct = DatabaseHarness.postgres().freshDatabase("injected");
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            s.execute("CREATE TABLE items_copy (id int PRIMARY KEY, name text CHECK (name <> 'forbidden'))");
        }
        ListenerConfig config = new ListenerConfig("pg", Protocol.POSTGRES, new HostPort("127.0.0.1", 0),
                Upstream.tcp(direct.host(), direct.port()), TlsConfig.NONE, Limits.DEFAULTS);
        server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new PgListener(c, t, PLANNER)).start();
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(1));
    }

    private static Connection proxied() throws SQLException {
        return direct.withHostPort("127.0.0.1", server.listener("pg").boundPort()).connect("preferQueryMode=simple");
    }

    private static long count(String table, String where) throws SQLException {
        try (Connection c = direct.connect(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(*) FROM " + table + " WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void hiddenWriteRunsAndTheClientSeesTheOriginalResult() throws SQLException {
        int before = PLANNED.get();
        try (Connection c = proxied(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("INSERT INTO items (id, name) VALUES (1, 'one')"));
            assertEquals(2, s.executeUpdate("INSERT INTO items (id, name) VALUES (2, 'two'), (3, 'three')"));
            assertFalse(s.getMoreResults(), "only the client's own result is visible");
        }
        assertTrue(PLANNED.get() >= before + 2);
        assertEquals(3, count("items", "id IN (1,2,3)"));
        assertEquals(3, count("items_copy", "id IN (1,2,3)"));
    }

    @Test
    void aFailingHiddenWriteFailsTheClientStatementAndWritesNothing() throws SQLException {
        try (Connection c = proxied(); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeUpdate("INSERT INTO items (id, name) VALUES (10, 'forbidden')"));
            assertEquals("23514", e.getSQLState(), e.getMessage());
            assertEquals(1, s.executeUpdate("INSERT INTO items (id, name) VALUES (11, 'fine')"),
                    "the session goes on");
        }
        assertEquals(0, count("items", "id = 10"), "the implicit transaction rolled the visible write back");
        assertEquals(1, count("items_copy", "id = 11"));
    }

    @Test
    void inAnExplicitTransactionTheWritesCommitTogether() throws SQLException {
        try (Connection c = proxied(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO items (id, name) VALUES (20, 'a')");
            s.executeUpdate("INSERT INTO items (id, name) VALUES (21, 'b')");
            c.rollback();
            s.executeUpdate("INSERT INTO items (id, name) VALUES (22, 'c')");
            c.commit();
        }
        assertEquals(0, count("items", "id IN (20, 21)"));
        assertEquals(0, count("items_copy", "id IN (20, 21)"));
        assertEquals(1, count("items_copy", "id = 22"));
    }

    @Test
    void rerouteReadsAndPassThroughStatementsInterleave() throws SQLException {
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO items_copy VALUES (100, 'only in the copy')");
        }
        try (Connection c = proxied(); Statement s = c.createStatement()) {
            for (int i = 0; i < 50; i++) {
                try (ResultSet rs = s.executeQuery("SELECT name FROM items WHERE id = 100")) {
                    assertTrue(rs.next(), "read served from the copy");
                    assertEquals("only in the copy", rs.getString("name"));
                }
                try (ResultSet rs = s.executeQuery("SELECT " + i + " AS n")) {
                    assertTrue(rs.next());
                    assertEquals(i, rs.getInt("n"));
                }
            }
        }
    }
}
