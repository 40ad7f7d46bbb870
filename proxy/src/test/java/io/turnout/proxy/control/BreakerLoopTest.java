package io.turnout.proxy.control;

import io.turnout.routing.model.Phase;
import io.turnout.routing.model.Shape;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BreakerLoopTest {

    private final MutableClock clock = new MutableClock();
    private final ControlPlane control = new ControlPlane(clock);
    private final BreakerLoop loop = new BreakerLoop(control, clock);

    private MigrationState live(double percent) {
        control.create(ControlPlaneTest.rename(), null, "ann", null);
        control.setPhase("m1", Phase.DUAL_WRITE, null, "ann", null);
        control.setPhase("m1", Phase.SHADOW, null, "ann", null);
        control.setPhase("m1", Phase.LIVE, null, "ann", null);
        return control.setReadPercent("m1", percent, null, "ann", null);
    }

    @Test
    void newPathErrorsAboveHalfAPercentTripOnTheNextTick() {
        MigrationState s = live(25);
        BreakerWindow w = loop.window(s);
        for (int i = 0; i < 1000; i++) {
            w.recordStatement(Shape.OLD, 1000, false);
            w.recordStatement(Shape.NEW, 1000, i < 4);
        }
        loop.tick();
        assertFalse(control.get("m1").breaker().tripped(), "0.4% is within 0.5%");
        for (int i = 0; i < 3; i++) {
            w.recordStatement(Shape.NEW, 1000, true);
        }
        loop.tick();
        MigrationState tripped = control.get("m1");
        assertTrue(tripped.breaker().tripped());
        assertTrue(tripped.breaker().reason().startsWith("new-path error rate 0.70%"), tripped.breaker().reason());
        assertEquals(0, tripped.effectiveReadPercent());
        assertEquals("breaker", control.audit("m1").get(control.audit("m1").size() - 1).actor());
    }

    @Test
    void slowerNewPathTripsOnP95() {
        MigrationState s = live(50);
        BreakerWindow w = loop.window(s);
        for (int i = 0; i < 500; i++) {
            w.recordStatement(Shape.OLD, 1000, false);
            w.recordStatement(Shape.NEW, 1080, false);
        }
        loop.tick();
        assertFalse(control.get("m1").breaker().tripped(), "8% slower is within 10%");
        for (int i = 0; i < 500; i++) {
            w.recordStatement(Shape.NEW, 2000, false);
        }
        loop.tick();
        assertTrue(control.get("m1").breaker().reason().startsWith("new-path p95"));
    }

    @Test
    void oneConfirmedDiffTripsAndOldFiguresLeaveTheWindow() {
        MigrationState s = live(5);
        BreakerWindow w = loop.window(s);
        for (int i = 0; i < 300; i++) {
            w.recordStatement(Shape.NEW, 1000, true);
        }
        clock.advance(Duration.ofSeconds(31));
        loop.tick();
        assertFalse(control.get("m1").breaker().tripped(), "errors older than the window do not count");
        w.recordConfirmedDiff();
        loop.tick();
        assertTrue(control.get("m1").breaker().reason().startsWith("1 confirmed compare mismatch"));
    }

    @Test
    void rampStepsOnlyWhileTheWindowIsClean() {
        live(0);
        control.startRamp("m1", null, Duration.ofSeconds(10), null, "ann", null);
        BreakerWindow w = loop.window(control.get("m1"));
        clock.advance(Duration.ofSeconds(11));
        loop.tick();
        assertEquals(5, control.get("m1").readPercent());
        for (int i = 0; i < 300; i++) {
            w.recordStatement(Shape.NEW, 1000, i % 10 == 0);
        }
        clock.advance(Duration.ofSeconds(11));
        loop.tick();
        assertTrue(control.get("m1").breaker().tripped());
        assertEquals(0, control.get("m1").effectiveReadPercent());
        assertEquals(RampState.Status.PAUSED, control.get("m1").ramp().status());
    }

    @Test
    void replicaLagAboveTheThresholdTripsAndKeepsTheRampFromStepping() {
        java.util.concurrent.atomic.AtomicReference<java.util.List<ReplicaReading>> seen =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.List.of(
                        new ReplicaReading("standby-1", ReplicaReading.Status.PENDING, -1, 0, 3, "not polled yet",
                                clock.instant())));
        BreakerLoop withReplicas = new BreakerLoop(control, clock, seen::get);
        live(0);
        control.startRamp("m1", null, Duration.ofSeconds(10), null, "ann", null);
        clock.advance(Duration.ofSeconds(11));
        withReplicas.tick();
        assertEquals(5, control.get("m1").readPercent(), "an unpolled replica holds no ramp back");
        seen.set(java.util.List.of(new ReplicaReading("standby-1", ReplicaReading.Status.UNREACHABLE, -1, 2, 3,
                "poll failed: connection refused", clock.instant())));
        clock.advance(Duration.ofSeconds(11));
        withReplicas.tick();
        assertEquals(25, control.get("m1").readPercent(), "two failed polls are within the grace of three");
        seen.set(java.util.List.of(new ReplicaReading("standby-1", ReplicaReading.Status.OK, 6200, 0, 3, "",
                clock.instant())));
        clock.advance(Duration.ofSeconds(11));
        withReplicas.tick();
        MigrationState s = control.get("m1");
        assertTrue(s.breaker().tripped());
        assertTrue(s.breaker().reason().startsWith("replica 'standby-1' lags 6200 ms, above the 5000 ms allowed"),
                s.breaker().reason());
        assertTrue(s.breaker().reason().contains("replicaLagMillis=6200"), s.breaker().reason());
        assertEquals(25, s.readPercent(), "the ramp did not step on");
        assertEquals(0, s.effectiveReadPercent());
        assertEquals(RampState.Status.PAUSED, s.ramp().status());
    }

    @Test
    void replicaFailuresBreachAtTheirCountAndAZeroThresholdTurnsTheGateOff() {
        ReplicaReading stopped = new ReplicaReading("maria-2", ReplicaReading.Status.STOPPED, -1, 3, 3,
                "replication is stopped (Seconds_Behind_Master NULL)", clock.instant());
        ReplicaLagGate gate = () -> java.util.List.of(stopped);
        assertEquals("replica 'maria-2' has replication stopped for 3 polls in a row (breach after 3): replication "
                + "is stopped (Seconds_Behind_Master NULL)", gate.breach(Duration.ofSeconds(5)).orElseThrow());
        assertTrue(gate.breach(Duration.ZERO).isEmpty());
        assertEquals(-1, gate.worstLagMillis());
        assertTrue(ReplicaLagGate.NONE.breach(Duration.ofSeconds(5)).isEmpty());
    }
}
