package io.turnout.proxy.control;

import io.turnout.routing.model.Phase;
import io.turnout.routing.model.Shape;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

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

    /** The key as first defined: FNV-1a over the UTF-8 bytes, mixed. A key must hash the same in every version. */
    private static long keyAsDefined(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (x & 0xFF)) * 0x100000001b3L;
        }
        long z = h;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Test
    void aKeyHashesAsItsUtf8BytesAlwaysDid() {
        for (String text : new String[] {"", "0", "42", "-7", "user-17", "Ünïcode ключ", "emoji \uD83D\uDE00",
                "\u007F\u0080", "x".repeat(500)}) {
            assertEquals(keyAsDefined(text), ReadRouter.key(text), text);
        }
    }

    @Test
    void anIntegerKeyHashesAsItsDecimalText() {
        long[] edges = {0, 1, -1, 9, 10, -10, 99, 100, 4_294_967_296L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MAX_VALUE / 10, Long.MIN_VALUE / 10, 1_000_000_000_000_000_000L, -999_999_999_999_999_999L};
        for (long v : edges) {
            assertEquals(ReadRouter.key(Long.toString(v)), ReadRouter.key(v), Long.toString(v));
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            assertEquals(ReadRouter.key(Long.toString(v)), ReadRouter.key(v), Long.toString(v));
        }
    }
}
