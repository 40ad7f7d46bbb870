package io.turnout.proxy.route;

import io.turnout.proxy.control.AuditEvent;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.Thresholds;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.sql.Dialect;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The automatic flip-back through the proxy's MySQL listener on real MariaDB: the new table of a move-table
 * migration at 25% of reads loses its SELECT privilege; the breaker trips within a second of the breach, names the
 * reason, and every read is served from the old table again.
 */
class MySqlBreakerIT {

    private DbEndpoint direct;
    private ProxyServer server;
    private ControlPlane control;
    private BreakerLoop breakers;

    @BeforeEach
    void start() throws SQLException {
        direct = DatabaseHarness.mysql().freshDatabase("my breaker");
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, total DECIMAL(10,2)) ENGINE=InnoDB");
            s.execute("CREATE TABLE orders_v2 (id BIGINT PRIMARY KEY, total_amount DECIMAL(10,2)) ENGINE=InnoDB");
            StringBuilder rows = new StringBuilder("INSERT INTO orders VALUES (1, 1.5)");
            for (int g = 2; g <= 100; g++) {
                rows.append(", (").append(g).append(", ").append(g).append(" * 1.5)");
            }
            s.execute(rows.toString());
            s.execute("INSERT INTO orders_v2 SELECT id, total FROM orders");
        }
        // table-level grants instead of the database-wide one, so that one table's SELECT can be taken away
        try (Connection a = DatabaseHarness.mysql().admin().connect(); Statement s = a.createStatement()) {
            for (String host : List.of("%", "localhost")) {
                String user = "'" + direct.user() + "'@'" + host + "'";
                s.execute("REVOKE ALL PRIVILEGES ON `" + direct.database() + "`.* FROM " + user);
                for (String t : List.of("orders", "orders_v2")) {
                    s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON `" + direct.database() + "`." + t + " TO "
                            + user);
                }
            }
        }
        control = new ControlPlane(Clock.systemUTC());
        breakers = new BreakerLoop(control, Clock.systemUTC());
        MigrationPlanner planner = new MigrationPlanner(Dialect.MYSQL, control, breakers, t -> { });
        server = RoutedMySqlProxy.start(direct, planner);
        breakers.start();
    }

    @AfterEach
    void stop() {
        breakers.close();
        server.shutdown(Duration.ofSeconds(1));
    }

    private Connection proxied(boolean serverPrepared) throws SQLException {
        return direct.withHostPort("127.0.0.1", server.listener("my").boundPort())
                .connect("useServerPrepStmts=" + serverPrepared);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFailingNewPathFlipsReadsBackWithinOneSecond(boolean serverPrepared) throws Exception {
        control.create(new MigrationSpec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2", null, null,
                null, Map.of("total", "total_amount"), null, null, null, null, null), null, "test", null);
        for (Phase p : List.of(Phase.DUAL_WRITE, Phase.SHADOW, Phase.LIVE)) {
            control.setPhase("m3", p, null, "test", null);
        }
        control.setThresholds("m3", new Thresholds(0.005, 1.10, 0, Duration.ZERO, Duration.ofSeconds(10), 5), null,
                "test", null);
        control.setReadPercent("m3", 25, null, "test", null);
        try (Connection a = DatabaseHarness.mysql().admin().connect(); Statement s = a.createStatement()) {
            for (String host : List.of("%", "localhost")) {
                s.execute("REVOKE SELECT ON `" + direct.database() + "`.orders_v2 FROM '" + direct.user() + "'@'"
                        + host + "'");
            }
        }
        // each statement reads another key (id = n is the sticky key), so about a quarter take the new path and fail
        List<Instant> newPathErrors = new ArrayList<>();
        int statements = 0;
        for (int i = 0; i < 2_000 && !control.get("m3").breaker().tripped(); i++) {
            statements++;
            try (Connection c = proxied(serverPrepared);
                 PreparedStatement q = c.prepareStatement("SELECT total FROM orders WHERE id = ?")) {
                q.setLong(1, 1 + i % 100);
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next());
                }
            } catch (SQLException e) {
                assertEquals("42000", e.getSQLState(), e.getMessage());
                assertEquals(1142, e.getErrorCode(), "SELECT command denied: " + e.getMessage());
                newPathErrors.add(Instant.now());
            }
        }
        assertTrue(control.get("m3").breaker().tripped(), "the breaker tripped");
        AuditEvent trip = control.audit("m3").stream().filter(a -> a.action().equals("trip")).findFirst()
                .orElseThrow();
        assertEquals("breaker", trip.actor());
        assertTrue(trip.reason().startsWith("new-path error rate"), trip.reason());
        assertTrue(newPathErrors.size() >= 5, "errors: " + newPathErrors.size());
        long millis = Duration.between(newPathErrors.get(4), trip.at()).toMillis();
        assertTrue(millis < 1_000, "tripped " + millis + " ms after the breach");
        try (Connection c = proxied(serverPrepared);
             PreparedStatement q = c.prepareStatement("SELECT total FROM orders WHERE id = ?")) {
            for (int i = 1; i <= 50; i++) {
                q.setLong(1, i);
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(new java.math.BigDecimal(i).multiply(new java.math.BigDecimal("1.5")).setScale(2),
                            rs.getBigDecimal(1), "every read is on the old shape again");
                }
            }
        }
        System.out.printf("MySQL breaker (%s): %d reads, %d failed on the new path, tripped %d ms after the "
                + "breach: %s%n", serverPrepared ? "binary" : "text", statements, newPathErrors.size(), millis,
                trip.reason());
    }
}
