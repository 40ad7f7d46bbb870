package io.turnout.proxy.control;

import io.turnout.routing.model.Phase;
import io.turnout.routing.model.Shape;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadRouterTest {

    private static MigrationState live(double percent) {
        return new MigrationState(ControlPlaneTest.rename().withPhase(Phase.LIVE), Phase.LIVE, percent, 0,
                BreakerState.ARMED, RampState.IDLE, Thresholds.DEFAULTS, 1, Instant.EPOCH);
    }

    @Test
    void compareBucketsUseTheHashOfTheIdWithItsSuffixAsBefore() {
        for (String id : new String[] {"", "c-rename", "users-email-split", "ü-migration", "x".repeat(300)}) {
            assertEquals((id + "#compare").hashCode(), ReadRouter.compareHash(id), id);
        }
    }

    @Test
    void shareOfNewReadsFollowsThePercentage() {
        for (double p : new double[] {1, 5, 25}) {
            int n = 0;
            for (int k = 0; k < 100_000; k++) {
                if (ReadRouter.route(live(p), ReadRouter.key(Integer.toString(k))) == Shape.NEW) {
                    n++;
                }
            }
            assertEquals(p / 100, n / 100_000.0, 0.01 * Math.max(1, p / 5), "at " + p + "%");
        }
    }

    @Test
    void aKeyStaysOnItsShapeAndOnlyMovesForwardAsThePercentageRises() {
        for (int k = 0; k < 20_000; k++) {
            long key = ReadRouter.key("user-" + k);
            Shape at5 = ReadRouter.route(live(5), key);
            assertEquals(at5, ReadRouter.route(live(5), key), "deterministic");
            if (at5 == Shape.NEW) {
                assertEquals(Shape.NEW, ReadRouter.route(live(25), key), "monotonic in the percentage");
            }
        }
    }

    @Test
    void phasesAndTheBreakerOverrideThePercentage() {
        long key = ReadRouter.key("42");
        assertEquals(Shape.OLD, ReadRouter.route(live(0), key));
        assertEquals(Shape.NEW, ReadRouter.route(live(100), key));
        MigrationState tripped = new MigrationState(live(100).spec(), Phase.LIVE, 100, 100,
                BreakerState.tripped("x", Instant.EPOCH), RampState.IDLE, Thresholds.DEFAULTS, 2, Instant.EPOCH);
        assertEquals(Shape.OLD, ReadRouter.route(tripped, key));
        assertTrue(!ReadRouter.sampleForCompare(tripped, 1));
    }
}
