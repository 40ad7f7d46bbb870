package io.turnout.proxy.mysql;

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
import io.turnout.proxy.route.MigrationPlanner;
import io.turnout.proxy.route.PlannerHooks;
import io.turnout.proxy.pg.NoLeakReports;
import org.junit.jupiter.api.extension.ExtendWith;

/** Move-table to a table on another server, on the MySQL wire: writes replayed there after the client's commit. */
@ExtendWith(NoLeakReports.class)
class MySqlShadowWritesIT {

    private DbEndpoint app;
    private DbEndpoint archive;
    private HikariDataSource archivePool;
    private ShadowWriter writer;
    private ProxyServer server;

    @BeforeEach
    void start() throws SQLException {
        app = DatabaseHarness.mysql().freshDatabase("shadow app");
        archive = DatabaseHarness.mysql().freshDatabase("shadow archive");
        try (Connection c = app.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, total DECIMAL(10,2), status VARCHAR(20))");
        }
        try (Connection c = archive.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders_v2 (id BIGINT PRIMARY KEY, total_amount DECIMAL(10,2), status VARCHAR(20))");
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(archive.jdbcUrl());
        hc.setUsername(archive.user());
        hc.setPassword(archive.password());
        hc.setMaximumPoolSize(2);
        archivePool = new HikariDataSource(hc);
        writer = new ShadowWriter(Dialect.MYSQL, Map.of("archive", archivePool), 64);
        ControlPlane control = new ControlPlane(Clock.systemUTC());
        control.create(new MigrationSpec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2", null, null,
                null, Map.of("total", "total_amount"), null, null, null, "archive", null), null, "test", null);
        control.setPhase("m3", Phase.DUAL_WRITE, null, "test", null);
        MigrationPlanner planner = new MigrationPlanner(Dialect.MYSQL, control,
                new BreakerLoop(control, Clock.systemUTC()), PlannerHooks.NONE).withShadowWriter(writer);
        ListenerConfig config = new ListenerConfig("my", Protocol.MYSQL, new HostPort("127.0.0.1", 0),
                Upstream.tcp(app.host(), app.port()), TlsConfig.NONE, Limits.DEFAULTS);
        server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new MySqlServerListener(c, t, planner)).start();
    }

    @AfterEach
    void stop() {
        server.shutdown(Duration.ofSeconds(1));
        writer.close();
        archivePool.close();
    }

    private long archived(String where) throws SQLException {
        try (Connection c = archive.connect(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(*) FROM orders_v2 WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean archivedIs(String where, long n) {
        try {
            return archived(where) == n;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void committedWritesReachTheOtherServerAndRolledBackOnesDoNot() throws Exception {
        for (String options : new String[] {"useServerPrepStmts=false", "useServerPrepStmts=true"}) {
            long base = options.endsWith("false") ? 100 : 200;
            try (Connection c = app.withHostPort("127.0.0.1", server.listener("my").boundPort()).connect(options);
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
}
