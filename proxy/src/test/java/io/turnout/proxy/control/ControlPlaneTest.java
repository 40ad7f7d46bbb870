package io.turnout.proxy.control;

import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlPlaneTest {

    static MigrationSpec rename() {
        return new MigrationSpec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null, null,
                null, null, null, null, null, null);
    }

    private final MutableClock clock = new MutableClock();
    private final ControlPlane control = new ControlPlane(clock);

    private MigrationState toLive() {
        control.create(rename(), null, "ann", "ticket 1");
        control.setPhase("m1", Phase.DUAL_WRITE, null, "ann", "expand done");
        control.setPhase("m1", Phase.SHADOW, null, "ann", "backfill done");
        return control.setPhase("m1", Phase.LIVE, null, "ann", "diffs clean");
    }

    @Test
    void phasesAdvanceOneStepAtATimeAndRampdownNeedsFullReads() {
        control.create(rename(), null, "ann", null);
        ControlException skip = assertThrows(ControlException.class,
                () -> control.setPhase("m1", Phase.LIVE, null, "ann", null));
        assertEquals(ControlException.Kind.CONFLICT, skip.kind());
        assertTrue(skip.getMessage().contains("next is dual-write"), skip.getMessage());
        control.setPhase("m1", Phase.DUAL_WRITE, null, "ann", null);
        control.setPhase("m1", Phase.SHADOW, null, "ann", null);
        MigrationState live = control.setPhase("m1", Phase.LIVE, null, "ann", null);
        assertEquals(0, live.effectiveReadPercent());
        ControlException early = assertThrows(ControlException.class,
                () -> control.setPhase("m1", Phase.RAMPDOWN, null, "ann", null));
        assertTrue(early.getMessage().contains("100%"), early.getMessage());
        control.setReadPercent("m1", 100, null, "ann", null);
        control.setPhase("m1", Phase.RAMPDOWN, null, "ann", null);
        MigrationState done = control.setPhase("m1", Phase.COMPLETE, null, "ann", null);
        assertEquals(Phase.COMPLETE, done.spec().phase());
        ControlException back = assertThrows(ControlException.class,
                () -> control.setPhase("m1", Phase.LIVE, null, "ann", null));
        assertTrue(back.getMessage().contains("cannot leave complete"), back.getMessage());
    }

    @Test
    void rollbackToAnEarlierPhaseIsAllowedAndResetsReads() {
        toLive();
        control.setReadPercent("m1", 25, null, "ann", null);
        MigrationState back = control.setPhase("m1", Phase.SHADOW, null, "ann", "p95 regression");
        assertEquals(0, back.effectiveReadPercent());
        assertEquals(Phase.SHADOW, control.snapshot().migrationSet().byId("m1").orElseThrow().phase());
    }

    @Test
    void staleVersionIsAConflictAndNothingIsLost() {
        MigrationState live = toLive();
        control.setReadPercent("m1", 5, live.version(), "ann", null);
        ControlException stale = assertThrows(ControlException.class,
                () -> control.setReadPercent("m1", 25, live.version(), "bob", null));
        assertEquals(ControlException.Kind.CONFLICT, stale.kind());
        assertEquals(5, control.get("m1").readPercent());
    }

    @Test
    void invalidInputNamesTheField() {
        toLive();
        ControlException bad = assertThrows(ControlException.class,
                () -> control.setReadPercent("m1", 120, null, "ann", null));
        assertEquals(ControlException.Kind.INVALID, bad.kind());
        assertTrue(bad.getMessage().startsWith("readPercent"), bad.getMessage());
        ControlException steps = assertThrows(ControlException.class,
                () -> control.startRamp("m1", List.of(5.0, 1.0), Duration.ofSeconds(1), null, "ann", null));
        assertTrue(steps.getMessage().startsWith("steps"), steps.getMessage());
        assertEquals(ControlException.Kind.NOT_FOUND,
                assertThrows(ControlException.class, () -> control.get("nope")).kind());
        MigrationSpec broken = new MigrationSpec("m9", MigrationKind.RENAME_COLUMN, "users", null, "x", null, null,
                null, null, null, null, null, null, null);
        ControlException invalid = assertThrows(ControlException.class, () -> control.create(broken, null, "a", null));
        assertTrue(invalid.getMessage().contains("spec.column"), invalid.getMessage());
    }

    @Test
    void tripForcesOldReadsPausesTheRampAndNeedsAnOperatorToRearm() {
        toLive();
        control.startRamp("m1", null, Duration.ofSeconds(60), null, "ann", null);
        assertEquals(1, control.get("m1").effectiveReadPercent());
        MigrationState tripped = control.trip("m1", "error rate", "breaker");
        assertEquals(0, tripped.effectiveReadPercent());
        assertEquals(0, tripped.effectiveComparePercent());
        assertEquals(RampState.Status.PAUSED, tripped.ramp().status());
        assertThrows(ControlException.class, () -> control.setReadPercent("m1", 5, null, "ann", null));
        assertThrows(ControlException.class, () -> control.resumeRamp("m1", null, "ann", null));
        control.rearm("m1", null, "ann", "fixed the index");
        MigrationState resumed = control.resumeRamp("m1", null, "ann", null);
        assertEquals(1, resumed.effectiveReadPercent());
    }

    @Test
    void rampAdvancesAfterDwellOnlyWhileGatesHold() {
        toLive();
        control.startRamp("m1", List.of(1.0, 5.0, 25.0, 100.0), Duration.ofSeconds(60), null, "ann", null);
        control.advanceRamps(s -> true);
        assertEquals(1, control.get("m1").readPercent(), "dwell not over yet");
        clock.advance(Duration.ofSeconds(61));
        control.advanceRamps(s -> false);
        assertEquals(1, control.get("m1").readPercent(), "a gate is out of bounds");
        control.advanceRamps(s -> true);
        assertEquals(5, control.get("m1").readPercent());
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(61));
            control.advanceRamps(s -> true);
        }
        assertEquals(100, control.get("m1").readPercent());
        assertEquals(RampState.Status.DONE, control.get("m1").ramp().status());
    }

    @Test
    void everyChangeIsAuditedAndPublished() {
        List<ControlPlane.Change> seen = new ArrayList<>();
        control.addListener(seen::add);
        toLive();
        control.trip("m1", "p95", "breaker");
        List<AuditEvent> audit = control.audit("m1");
        assertEquals(5, audit.size());
        assertEquals(5, seen.size());
        AuditEvent trip = audit.get(4);
        assertEquals("breaker", trip.actor());
        assertEquals("trip", trip.action());
        assertEquals("p95", trip.reason());
        assertEquals("shadow", audit.get(3).from());
        assertEquals("live", audit.get(3).to());
        assertTrue(control.snapshot().version() >= 5);
    }

    @Test
    void theBreakerTripsLocallyEvenWhenTheStateStoreIsDown() {
        toLive();
        control.setReadPercent("m1", 25, null, "ann", null);
        control.setCommitGuard((previous, change) -> {
            throw new IllegalStateException("state store unreachable");
        });
        MigrationState tripped = control.trip("m1", "error rate", "breaker");
        assertTrue(tripped.breaker().tripped());
        assertEquals(0, control.snapshot().byId().get("m1").effectiveReadPercent());
        assertTrue(control.audit("m1").get(control.audit("m1").size() - 1).reason().contains("not persisted"));
        assertThrows(IllegalStateException.class, () -> control.setReadPercent("m1", 0, null, "ann", null),
                "operator changes still need the store");
    }
}
