package io.turnout.proxy.replica;

import io.turnout.proxy.config.ReplicaConfig;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.BreakerState;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.ReplicaReading;
import io.turnout.proxy.control.Thresholds;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.testkit.DbEndpoint;
import io.turnout.testkit.MariaDbReplicaPair;
import io.turnout.testkit.PgStreamingReplica;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Replica lag on a real MariaDB source and replica: a row lock held on the replica stalls its SQL thread while the
 * source commits, so {@code Seconds_Behind_Master} grows for real; a stopped SQL thread reads as NULL.
 */
class MariaDbReplicaLagIT {

    private static MariaDbReplicaPair pair;

    @BeforeAll
    static void startPair() throws SQLException {
        try {
            pair = MariaDbReplicaPair.start();
        } catch (PgStreamingReplica.MissingToolException e) {
            assumeTrue(false, e.getMessage());
        }
        System.err.println("MariaDbReplicaLagIT: " + pair.description());
        sql(pair.source(), "CREATE DATABASE lagdb", "CREATE TABLE lagdb.t (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO lagdb.t VALUES (1, 0)");
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    private static void sql(DbEndpoint e, String... statements) throws SQLException {
        try (Connection c = e.connect(MariaDbReplicaPair.OPTIONS); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    private static ReplicaConfig watch(String name, DbEndpoint e) {
        return new ReplicaConfig(name, e.jdbcUrl(MariaDbReplicaPair.OPTIONS), e.user(), e.password(),
                ReplicaConfig.Role.REPLICA, 1, Duration.ofMillis(200), 3);
    }

    private static boolean await(Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Test
    void aStalledSqlThreadTripsOnSecondsBehindMasterAndAStoppedOneAfterItsGrace() throws Exception {
        Clock clock = Clock.systemUTC();
        ControlPlane control = new ControlPlane(clock);
        control.create(new MigrationSpec("m1", MigrationKind.RENAME_COLUMN, "t", "v", "w", null, null, null, null,
                null, null, null, null, null), new Thresholds(0.005, 1.10, 0, Duration.ofMillis(1000),
                Duration.ofSeconds(30), 200), "test", null);
        for (Phase p : List.of(Phase.DUAL_WRITE, Phase.SHADOW, Phase.LIVE)) {
            control.setPhase("m1", p, null, "test", null);
        }
        control.setReadPercent("m1", 25, null, "test", null);
        try (ReplicaMonitor monitor = ReplicaMonitor.open(List.of(watch("maria", pair.replica())), clock).start();
             BreakerLoop breakers = new BreakerLoop(control, clock, monitor)) {
            breakers.start();
            assertTrue(await(Duration.ofSeconds(10), () -> monitor.readings().get(0).status()
                    == ReplicaReading.Status.OK), () -> "measured: " + monitor.readings());
            assertEquals(0, monitor.readings().get(0).lagMillis(), () -> "in step: " + monitor.readings());

            Instant stalled;
            try (Connection lock = pair.replica().connect(MariaDbReplicaPair.OPTIONS);
                 Statement s = lock.createStatement()) {
                lock.setAutoCommit(false);
                s.executeQuery("SELECT v FROM lagdb.t WHERE id = 1 FOR UPDATE").close();
                stalled = Instant.now();
                sql(pair.source(), "UPDATE lagdb.t SET v = v + 1 WHERE id = 1");
                assertTrue(await(Duration.ofSeconds(15), () -> control.get("m1").breaker().tripped()),
                        () -> "tripped on Seconds_Behind_Master: " + monitor.readings());
                lock.rollback();
            }
            BreakerState b = control.get("m1").breaker();
            System.err.println("MariaDbReplicaLagIT: tripped " + Duration.between(stalled, b.trippedAt()).toMillis()
                    + " ms after the stall: " + b.reason());
            assertTrue(b.reason().startsWith("replica 'maria' lags "), b.reason());
            assertTrue(b.reason().contains("whole seconds"), b.reason());
            assertTrue(await(Duration.ofSeconds(10), () -> monitor.readings().get(0).lagMillis() == 0),
                    () -> "caught up once the lock is gone: " + monitor.readings());
            assertTrue(control.get("m1").breaker().tripped(), "stays tripped until re-armed");
            control.rearm("m1", null, "test", "replica caught up");

            sql(pair.replica(), "STOP SLAVE SQL_THREAD");
            try {
                assertTrue(await(Duration.ofSeconds(10), () -> control.get("m1").breaker().tripped()),
                        () -> "tripped on a stopped SQL thread: " + monitor.readings());
                String reason = control.get("m1").breaker().reason();
                System.err.println("MariaDbReplicaLagIT: " + reason);
                assertTrue(reason.startsWith("replica 'maria' has replication stopped for 3 polls in a row"), reason);
                assertTrue(reason.contains("SQL thread No"), reason);
            } finally {
                sql(pair.replica(), "START SLAVE SQL_THREAD");
            }
            assertTrue(await(Duration.ofSeconds(10), () -> monitor.readings().get(0).status()
                    == ReplicaReading.Status.OK), () -> "running again: " + monitor.readings());
        }
    }

    @Test
    void aServerThatIsNoReplicaSaysSo() {
        try (ReplicaMonitor monitor = ReplicaMonitor.open(List.of(watch("source", pair.source())),
                Clock.systemUTC())) {
            monitor.pollOnce();
            ReplicaReading r = monitor.readings().get(0);
            assertEquals(ReplicaReading.Status.NOT_A_REPLICA, r.status(), r::toString);
            assertTrue(r.detail().contains("REPLICA STATUS returned no row: this server is not a replica"),
                    r.detail());
        }
    }
}
