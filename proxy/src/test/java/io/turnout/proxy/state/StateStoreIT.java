package io.turnout.proxy.state;

import io.turnout.proxy.config.StateStoreConfig;
import io.turnout.proxy.control.ControlException;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.MigrationState;
import io.turnout.proxy.control.Thresholds;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.testkit.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state store on real servers: restart-resume, two instances sharing one database, lost races. */
class StateStoreIT {

    static MigrationSpec rename(String id) {
        return new MigrationSpec(id, MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null, null,
                null, null, null, null, null, null);
    }

    private static ControlPlane attached(StateStore store) {
        ControlPlane control = new ControlPlane(Clock.systemUTC());
        store.attach(control);
        return control;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRestartedInstanceResumesExactlyWhereItWas(Engine engine) {
        StateStoreConfig cfg = StoreDatabases.fresh(engine, "store_restart");
        List<MigrationState> before;
        int auditBefore;
        try (StateStore store = StateStore.open(cfg, "a")) {
            ControlPlane control = attached(store);
            control.create(rename("m1"), new Thresholds(0.01, 1.2, 1, Duration.ofMillis(500), Duration.ofSeconds(10),
                    50), "ann", "ticket 7");
            control.setPhase("m1", Phase.DUAL_WRITE, 1L, "ann", null);
            control.setPhase("m1", Phase.SHADOW, null, "ann", null);
            control.setComparePercent("m1", 12.5, null, "ann", null);
            control.setPhase("m1", Phase.LIVE, null, "ann", null);
            control.startRamp("m1", List.of(1.0, 5.0, 50.0), Duration.ofSeconds(90), null, "ann", "go");
            control.trip("m1", "p95 too high", "breaker");
            control.create(rename("m2"), null, "bob", null);
            before = control.list();
            auditBefore = control.audit(null).size();
        }
        try (StateStore store = StateStore.open(cfg, "a2")) {
            ControlPlane control = attached(store);
            assertEquals(before, control.list());
            assertEquals(auditBefore, control.audit(null).size());
            assertEquals("p95 too high", control.get("m1").breaker().reason());
            control.rearm("m1", null, "ann", "fixed");
            assertEquals(before.get(0).version() + 1, control.get("m1").version());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void twoInstancesSeeEachOthersChangesWithinOneSecond(Engine engine) throws InterruptedException {
        StateStoreConfig cfg = StoreDatabases.fresh(engine, "store_shared");
        try (StateStore storeA = StateStore.open(cfg, "a"); StateStore storeB = StateStore.open(cfg, "b")) {
            ControlPlane a = attached(storeA);
            ControlPlane b = attached(storeB);
            long t0 = System.nanoTime();
            a.create(rename("m1"), null, "ann", null);
            waitFor(() -> b.snapshot().byId().containsKey("m1"), "b sees the migration a created");
            b.setPhase("m1", Phase.DUAL_WRITE, null, "bob", "expand");
            waitFor(() -> a.snapshot().byId().get("m1").phase() == Phase.DUAL_WRITE, "a sees b's phase change");
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos());
            waitFor(() -> a.audit("m1").size() == 2 && b.audit("m1").size() == 2, "both audit logs have 2 events");
            assertEquals("bob", a.audit("m1").get(1).actor());
            assertEquals(a.get("m1"), b.get("m1"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aLostRaceIsRefusedWith409AndTheLoserCatchesUp(Engine engine) throws InterruptedException {
        StateStoreConfig cfg = StoreDatabases.fresh(engine, "store_race");
        try (StateStore storeA = StateStore.open(cfg, "a"); StateStore storeB = StateStore.open(cfg, "b")) {
            ControlPlane a = attached(storeA);
            ControlPlane b = new ControlPlane(Clock.systemUTC());
            a.create(rename("m1"), null, "ann", null);
            storeB.attach(b, false);
            assertEquals(1, b.get("m1").version());
            a.setPhase("m1", Phase.DUAL_WRITE, null, "ann", null);
            // b follows no feed, so it still holds version 1 and writes against it: the store refuses
            ControlException e = assertThrows(ControlException.class,
                    () -> b.setComparePercent("m1", 5, null, "bob", null));
            assertEquals(ControlException.Kind.CONFLICT, e.kind());
            assertTrue(e.getMessage().contains("another proxy instance"), e.getMessage());
            assertEquals(1, b.get("m1").version(), "the refused change did not take effect");
            a.create(rename("m3"), null, "ann", null);
            ControlException dup = assertThrows(ControlException.class,
                    () -> b.create(rename("m3"), null, "bob", null));
            assertTrue(dup.getMessage().contains("created by another proxy instance"), dup.getMessage());
            assertEquals(ControlException.Kind.CONFLICT, dup.kind());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anAuditRowThatCommitsLateIsStillSeenAndPollsReadOnlyNewRows(Engine engine) throws Exception {
        StateStoreConfig cfg = StoreDatabases.fresh(engine, "store_late");
        try (StateStore storeA = StateStore.open(cfg, "a"); StateStore storeB = StateStore.open(cfg, "b");
             Connection late = DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password())) {
            ControlPlane a = attached(storeA);
            ControlPlane b = attached(storeB);
            a.create(rename("m1"), null, "ann", null);
            // the state and its audit row can reach b in different polls (one poll reads the audit rows, then the
            // states, and a's transaction may commit in between): wait for the row, whose key the feed then passed
            waitFor(() -> b.snapshot().byId().containsKey("m1") && !b.audit("m1").isEmpty(),
                    "b sees the migration a created and its audit row");
            long first = storeB.feedReadsAfter();
            // a third writer takes the next audit key and commits only after a's next change has been seen
            late.setAutoCommit(false);
            try (PreparedStatement ps = late.prepareStatement("INSERT INTO " + cfg.schema() + ".audit_event "
                    + "(migration_id, happened_at, actor, action, from_value, to_value, reason, version, origin, "
                    + "instance) VALUES ('m1', ?, 'carol', 'note', NULL, NULL, 'late', 1, 'elsewhere', 'c')")) {
                ps.setString(1, java.time.Instant.now().toString());
                ps.executeUpdate();
            }
            a.setPhase("m1", Phase.DUAL_WRITE, null, "ann", null);
            waitFor(() -> b.snapshot().byId().get("m1").phase() == Phase.DUAL_WRITE, "b sees a's phase change");
            assertEquals(first, storeB.feedReadsAfter(), "a key is missing: polls read again from it");
            late.commit();
            a.setComparePercent("m1", 5, null, "ann", null); // a change that also wakes the PostgreSQL listener
            waitFor(() -> b.audit("m1").stream().anyMatch(e -> e.action().equals("note")),
                    "b sees the row that committed late");
            waitFor(() -> b.audit("m1").size() == 4, "b has all four events");
            assertEquals(1, b.audit("m1").stream().filter(e -> e.action().equals("note")).count(),
                    "the late row is applied once");
            assertTrue(storeB.feedReadsAfter() >= first + 3,
                    "with no key missing, polls read only newer rows: reads after " + storeB.feedReadsAfter());
        }
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 1 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
