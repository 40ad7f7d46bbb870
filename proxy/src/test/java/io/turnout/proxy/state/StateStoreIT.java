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
