package io.turnout.proxy.route;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.Protocol;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.TurnoutConfig;
import io.turnout.proxy.config.Upstream;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.pg.PgListener;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.proxy.shadow.ShadowWriter;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.sql.Dialect;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Move-table to a table on another server: writes replayed there asynchronously, after the client's commit. */
class ShadowWritesIT {

    private DbEndpoint app;
    private DbEndpoint archive;
    private HikariDataSource archivePool;
    private ShadowWriter writer;
    private ProxyServer server;

    @BeforeEach
    void start() throws SQLException {
        app = DatabaseHarness.postgres().freshDatabase("shadow app");
        archive = DatabaseHarness.postgres().freshDatabase("shadow archive");
        try (Connection c = app.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2), status text)");
        }
        try (Connection c = archive.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders_v2 (id bigint PRIMARY KEY, total_amount numeric(10,2), status text)");
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(archive.jdbcUrl());
        hc.setUsername(archive.user());
        hc.setPassword(archive.password());
        hc.setMaximumPoolSize(2);
        archivePool = new HikariDataSource(hc);
        // room for one round of the first test even when a loaded machine stalls the worker; the second test's
        // 10 writes against a locked target still overflow it
        writer = new ShadowWriter(Dialect.POSTGRES, Map.of("archive", archivePool), 8);
        ControlPlane control = new ControlPlane(Clock.systemUTC());
        control.create(new MigrationSpec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2", null, null,
                null, Map.of("total", "total_amount"), null, null, null, "archive", null), null, "test", null);
        control.setPhase("m3", Phase.DUAL_WRITE, null, "test", null);
        MigrationPlanner planner = new MigrationPlanner(Dialect.POSTGRES, control,
                new BreakerLoop(control, Clock.systemUTC()), PlannerHooks.NONE).withShadowWriter(writer);
        ListenerConfig config = new ListenerConfig("pg", Protocol.POSTGRES, new HostPort("127.0.0.1", 0),
                Upstream.tcp(app.host(), app.port()), TlsConfig.NONE, Limits.DEFAULTS);
        server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new PgListener(c, t, planner)).start();
    }

    @AfterEach
    void stop() {
        server.shutdown(Duration.ofSeconds(1));
        writer.close();
        archivePool.close();
    }

    private Connection proxied(String options) throws SQLException {
        return app.withHostPort("127.0.0.1", server.listener("pg").boundPort()).connect(options);
    }

    private long archived(String where) throws SQLException {
        try (Connection c = archive.connect(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(*) FROM orders_v2 WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    private boolean archivedIs(String where, long n) {
        try {
            return archived(where) == n;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void committedWritesReachTheOtherServerAndRolledBackOnesDoNot() throws Exception {
        for (String options : new String[] {"preferQueryMode=simple", "prepareThreshold=1"}) {
            long base = options.startsWith("prefer") ? 100 : 200;
            try (Connection c = proxied(options);
                 PreparedStatement ins = c.prepareStatement("INSERT INTO orders (id, total, status) VALUES (?, ?, ?)")) {
                for (int i = 0; i < 3; i++) {
                    ins.setLong(1, base + i);
                    ins.setBigDecimal(2, new java.math.BigDecimal("2.50"));
                    ins.setString(3, "new");
                    assertEquals(1, ins.executeUpdate(), "the client sees its own result at once");
                }
                c.setAutoCommit(false);
                ins.setLong(1, base + 10);
                ins.executeUpdate();
                c.rollback();
                ins.setLong(1, base + 11);
                ins.executeUpdate();
                ins.setLong(1, base + 12);
                ins.executeUpdate();
                c.commit();
                c.setAutoCommit(true);
                ins.setLong(1, base); // duplicate key: fails on the client's server, so nothing to replay
                assertThrows(SQLException.class, ins::executeUpdate);
            }
            long b = base;
            await(() -> archivedIs("id BETWEEN " + b + " AND " + (b + 20), 5),
                    "five committed rows replayed (" + options + "): " + writer.stats("m3"));
            assertEquals(0, archived("id = " + (base + 10)), "rolled back: never replayed");
        }
        // the worker counts a unit after its commit (and lowers the depth after counting it), so a replayed row can
        // be visible just before it is counted
        await(() -> writer.stats("m3").depth() == 0, "the queue drained: " + writer.stats("m3"));
        ShadowWriter.Stats stats = writer.stats("m3");
        assertEquals(10, stats.applied());
        assertEquals(0, stats.failed());
        assertEquals(0, stats.dropped());
    }

    @Test
    void aStalledTargetNeverDelaysTheClientAndOverflowIsCountedAsDrops() throws Exception {
        try (Connection lock = archive.connect()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE orders_v2 IN ACCESS EXCLUSIVE MODE");
            try (Connection c = proxied("")) {
                PreparedStatement ins = c.prepareStatement("INSERT INTO orders (id, total, status) VALUES (?, 1, 'x')");
                long started = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    ins.setLong(1, 500 + i);
                    assertEquals(1, ins.executeUpdate());
                }
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "the client did not wait");
            }
            await(() -> writer.stats("m3").dropped() > 0, "a full queue drops and counts");
            lock.rollback();
        }
        ShadowWriter.Stats s = writer.stats("m3");
        await(() -> writer.stats("m3").depth() == 0, "the queue drains once the target moves again");
        assertEquals(10, writer.stats("m3").applied() + s.dropped(), "every write either applied or counted dropped");
    }
}
