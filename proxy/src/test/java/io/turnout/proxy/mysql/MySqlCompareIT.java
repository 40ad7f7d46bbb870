package io.turnout.proxy.mysql;

import com.zaxxer.hikari.HikariDataSource;
import io.turnout.proxy.admin.CompareEvidence;
import io.turnout.proxy.admin.EvidenceLog;
import io.turnout.proxy.compare.CompareRules;
import io.turnout.proxy.compare.ComparePool;
import io.turnout.proxy.compare.CompareRunner;
import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.Protocol;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.TurnoutConfig;
import io.turnout.proxy.config.Upstream;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.pg.NoLeakReports;
import io.turnout.proxy.route.MigrationPlanner;
import io.turnout.proxy.route.PlannerHooks;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.sql.Dialect;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compare mode through the proxy on MariaDB: sampled reads re-read on both shapes on a side connection. */
@ExtendWith(NoLeakReports.class)
class MySqlCompareIT {

    private DbEndpoint direct;
    private ProxyServer server;
    private ControlPlane control;
    private BreakerLoop breakers;
    private EvidenceLog evidence;
    private CompareRunner compare;
    private HikariDataSource side;

    private void start() throws SQLException {
        direct = DatabaseHarness.mysql().freshDatabase("mysql compare");
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100), full_name VARCHAR(100))");
            StringBuilder rows = new StringBuilder();
            for (int i = 1; i <= 30; i++) {
                rows.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'user ").append(i).append("', 'user ")
                        .append(i).append("')");
            }
            s.execute("INSERT INTO users VALUES " + rows);
        }
        control = new ControlPlane(Clock.systemUTC());
        breakers = new BreakerLoop(control, Clock.systemUTC());
        evidence = new EvidenceLog(10);
        side = ComparePool.open(direct.jdbcUrl(), direct.user(), direct.password(), "compare-test", 2);
        compare = new CompareRunner(Dialect.MYSQL, side, control, breakers, evidence, CompareRules.DEFAULTS,
                Clock.systemUTC(), 2, 10_000);
        MigrationPlanner planner = new MigrationPlanner(Dialect.MYSQL, control, breakers,
                new PlannerHooks(t -> { }, compare, (p, l, f) -> { }));
        ListenerConfig config = new ListenerConfig("my", Protocol.MYSQL, new HostPort("127.0.0.1", 0),
                Upstream.tcp(direct.host(), direct.port()), TlsConfig.NONE, Limits.DEFAULTS);
        server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new MySqlServerListener(c, t, planner)).start();
        breakers.start();
    }

    @AfterEach
    void stop() {
        breakers.close();
        server.shutdown(Duration.ofSeconds(1));
        compare.close();
        side.close();
    }

    private void awaitCompared(String id, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (evidence.stats(id).compared() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void onePlantedWrongValueGivesExactlyOneConfirmedMismatchWithEvidence(boolean serverPrepared) throws Exception {
        start();
        control.create(new MigrationSpec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null,
                null, null, null, null, null, null, null), null, "test", null);
        while (control.get("m1").phase() != Phase.SHADOW) {
            control.setPhase("m1", Phase.values()[control.get("m1").phase().ordinal() + 1], null, "test", null);
        }
        control.setComparePercent("m1", 100, null, "test", null);
        // the last row read: a confirmed mismatch trips the breaker, which stops compare sampling
        try (Connection d = direct.connect()) {
            d.createStatement().execute("UPDATE users SET full_name = 'planted' WHERE id = 30");
        }
        try (Connection c = direct.withHostPort("127.0.0.1", server.listener("my").boundPort())
                .connect("useServerPrepStmts=" + serverPrepared);
             PreparedStatement q = c.prepareStatement("SELECT id, name FROM users WHERE id = ?")) {
            for (int id = 1; id <= 30; id++) {
                q.setLong(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("user " + id, rs.getString("name"), "shadow serves the old shape");
                }
            }
        }
        awaitCompared("m1", 30);
        EvidenceLog.Stats stats = evidence.stats("m1");
        assertEquals(30, stats.compared(), "compared (skipped " + compare.skipped() + ", dropped "
                + compare.dropped() + ")");
        assertEquals(1, stats.confirmed());
        CompareEvidence e = evidence.recent("m1").get(0);
        assertEquals(List.of("30 | 'user 30'"), e.oldRows());
        assertEquals(List.of("30 | 'planted'"), e.newRows());
        assertEquals(serverPrepared ? List.of("30") : List.of(), e.parameters(),
                "bound values travel with binary-protocol samples; text samples carry the literal");
        assertEquals(Phase.SHADOW, e.phase());
    }
}
