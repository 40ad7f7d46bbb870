package io.turnout.proxy.route;

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
import io.turnout.proxy.control.AuditEvent;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.Thresholds;
import io.turnout.proxy.pg.PgListener;
import io.turnout.proxy.server.ProxyServer;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compare mode and the automatic flip-back, through the proxy on real PostgreSQL. */
class CompareAndBreakerIT {

    private DbEndpoint direct;
    private ProxyServer server;
    private ControlPlane control;
    private BreakerLoop breakers;
    private EvidenceLog evidence;
    private CompareRunner compare;
    private HikariDataSource side;

    @BeforeEach
    void start() throws SQLException {
        direct = DatabaseHarness.postgres().freshDatabase("compare breaker");
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id bigint PRIMARY KEY, name text, full_name text)");
            s.execute("INSERT INTO users SELECT g, 'user ' || g, 'user ' || g FROM generate_series(1, 100) g");
            s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2))");
            s.execute("CREATE TABLE orders_v2 (id bigint PRIMARY KEY, total_amount numeric(10,2))");
            s.execute("INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 100) g");
            s.execute("INSERT INTO orders_v2 SELECT id, total FROM orders");
        }
        control = new ControlPlane(Clock.systemUTC());
        breakers = new BreakerLoop(control, Clock.systemUTC());
        evidence = new EvidenceLog(10);
        side = ComparePool.open(direct.jdbcUrl(), direct.user(), direct.password(), "compare-test", 2);
        compare = new CompareRunner(Dialect.POSTGRES, side, control, breakers, evidence, CompareRules.DEFAULTS, Clock.systemUTC(), 2,
                10_000);
        MigrationPlanner planner = new MigrationPlanner(Dialect.POSTGRES, control, breakers,
                new PlannerHooks(t -> { }, compare, (p, l, f) -> { }));
        ListenerConfig config = new ListenerConfig("pg", Protocol.POSTGRES, new HostPort("127.0.0.1", 0),
                Upstream.tcp(direct.host(), direct.port()), TlsConfig.NONE, Limits.DEFAULTS);
        server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new PgListener(c, t, planner)).start();
        breakers.start();
    }

    @AfterEach
    void stop() {
        breakers.close();
        server.shutdown(Duration.ofSeconds(1));
        compare.close();
        side.close();
    }

    private Connection proxied() throws SQLException {
        return direct.withHostPort("127.0.0.1", server.listener("pg").boundPort()).connect();
    }

    private void toPhase(String id, Phase target) {
        while (control.get(id).phase() != target) {
            control.setPhase(id, Phase.values()[control.get(id).phase().ordinal() + 1], null, "test", null);
        }
    }

    private void awaitCompared(String id, long n) throws InterruptedException {
        // compare work queues behind the clients' on a loaded machine: wait for it, however long it takes to drain
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (evidence.stats(id).compared() + compare.skipped() + compare.dropped() < n
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void onePlantedWrongValueGivesExactlyOneConfirmedMismatchWithEvidence() throws Exception {
        control.create(new MigrationSpec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null,
                null, null, null, null, null, null, null), null, "test", null);
        toPhase("m1", Phase.SHADOW);
        control.setComparePercent("m1", 100, null, "test", null);
        try (Connection d = direct.connect()) {
            d.createStatement().execute("UPDATE users SET full_name = 'planted' WHERE id = 42");
        }
        try (Connection c = proxied(); PreparedStatement q = c.prepareStatement("SELECT id, name FROM users WHERE id = ?")) {
            for (int id = 1; id <= 100; id++) {
                q.setLong(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("user " + id, rs.getString("name"), "shadow serves the old shape");
                }
            }
        }
        awaitCompared("m1", 100);
        EvidenceLog.Stats stats = evidence.stats("m1");
        assertEquals(0, compare.skipped(), "no sample skipped");
        assertEquals(0, compare.dropped(), "no sample dropped");
        assertEquals(100, stats.compared(), stats + ", queued " + compare.queued());
        assertEquals(1, stats.confirmed());
        CompareEvidence e = evidence.recent("m1").get(0);
        assertEquals(List.of("42 | 'user 42'"), e.oldRows());
        assertEquals(List.of("42 | 'planted'"), e.newRows());
        assertEquals(List.of("42"), e.parameters());
        assertEquals(Phase.SHADOW, e.phase());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!control.get("m1").breaker().tripped() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(control.get("m1").breaker().tripped(), "a confirmed diff trips the breaker within a second");
        assertTrue(control.get("m1").breaker().reason().contains("confirmed compare mismatch"));
    }

    @Test
    void heavyConcurrentUpdatesOfTheSameRowsGiveNoConfirmedMismatch() throws Exception {
        control.create(new MigrationSpec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null,
                null, null, null, null, null, null, null), null, "test", null);
        toPhase("m1", Phase.LIVE);
        // this test is about the diff gate: the latency gate is off, because on a loaded machine three writers
        // hammering five rows can move the new path's p95 past 1.1x the old one's by scheduling alone
        control.setThresholds("m1", new Thresholds(0.005, 1_000, 0, Duration.ZERO, Duration.ofSeconds(10), 5), null,
                "test", null);
        control.setReadPercent("m1", 25, null, "test", null);
        control.setComparePercent("m1", 100, null, "test", null);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> jobs = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            jobs.add(pool.submit(() -> {
                try (Connection c = proxied(); PreparedStatement u = c.prepareStatement(
                        "UPDATE users SET name = ? WHERE id = ?")) {
                    for (int i = 0; running.get(); i++) {
                        u.setString(1, "w" + writer + "-" + i);
                        u.setLong(2, 1 + (i % 5));
                        u.executeUpdate();
                    }
                } catch (SQLException ex) {
                    failures.incrementAndGet();
                }
            }));
        }
        for (int r = 0; r < 3; r++) {
            jobs.add(pool.submit(() -> {
                try (Connection c = proxied(); PreparedStatement q = c.prepareStatement(
                        "SELECT id, name FROM users WHERE id <= ?")) {
                    while (running.get()) {
                        q.setLong(1, 5);
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                rs.getString(2);
                            }
                        }
                    }
                } catch (SQLException ex) {
                    failures.incrementAndGet();
                }
            }));
        }
        Thread.sleep(4_000);
        running.set(false);
        for (Future<?> f : jobs) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Thread.sleep(1_000);
        EvidenceLog.Stats stats = evidence.stats("m1");
        assertEquals(0, failures.get(), "no client statement failed");
        assertTrue(stats.compared() > 50, "compared " + stats.compared());
        assertEquals(0, stats.confirmed(), "evidence: " + evidence.recent("m1"));
        assertTrue(!control.get("m1").breaker().tripped(), "breaker: " + control.get("m1").breaker());
    }

    @Test
    void aFailingNewPathFlipsReadsBackWithinOneSecond() throws Exception {
        control.create(new MigrationSpec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2", null, null,
                null, Map.of("total", "total_amount"), null, null, null, null, null), null, "test", null);
        toPhase("m3", Phase.LIVE);
        control.setThresholds("m3", new Thresholds(0.005, 1.10, 0, Duration.ZERO, Duration.ofSeconds(10), 5), null,
                "test", null);
        control.setReadPercent("m3", 25, null, "test", null);
        try (Connection d = DatabaseHarness.postgres().admin().withDatabase(direct.database()).connect()) {
            d.createStatement().execute("REVOKE SELECT ON orders_v2 FROM " + direct.user());
        }
        // each statement reads another key (id = n is the sticky key), so about a quarter take the new path and fail
        List<Instant> newPathErrors = new ArrayList<>();
        for (int i = 0; i < 2_000 && !control.get("m3").breaker().tripped(); i++) {
            try (Connection c = proxied(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT total FROM orders WHERE id = " + (1 + i % 100))) {
                assertTrue(rs.next());
            } catch (SQLException e) {
                assertEquals("42501", e.getSQLState(), e.getMessage());
                newPathErrors.add(Instant.now());
            }
        }
        assertTrue(control.get("m3").breaker().tripped(), "the breaker tripped");
        AuditEvent trip = control.audit("m3").stream().filter(a -> a.action().equals("trip")).findFirst().orElseThrow();
        assertEquals("breaker", trip.actor());
        assertTrue(trip.reason().startsWith("new-path error rate"), trip.reason());
        // the window is judged from its 5th new-path statement (minSamples): from then on the breach is there to see
        assertTrue(newPathErrors.size() >= 5, "errors: " + newPathErrors.size());
        Instant breach = newPathErrors.get(4);
        long millis = Duration.between(breach, trip.at()).toMillis();
        assertTrue(millis < 1_000, "tripped " + millis + " ms after the breach");
        for (int i = 1; i <= 50; i++) {
            try (Connection c = proxied(); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT total FROM orders WHERE id = " + i)) {
                assertTrue(rs.next());
                assertEquals(new java.math.BigDecimal(i * 1.5).setScale(2), rs.getBigDecimal(1),
                        "every read is on the old shape again");
            }
        }
    }
}
