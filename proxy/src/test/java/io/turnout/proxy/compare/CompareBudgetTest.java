package io.turnout.proxy.compare;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compare load budget: a token bucket on a fake clock. */
class CompareBudgetTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    private int admittedIn(CompareBudget b, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            n += b.tryAcquire() ? 1 : 0;
        }
        return n;
    }

    @Test
    void aBurstGetsATenthOfASecondThenTheRateHolds() {
        CompareBudget b = new CompareBudget(100, now::get);
        assertEquals(10, admittedIn(b, 1_000), "a burst of 1,000 sampled reads: a tenth of a second's worth");
        now.addAndGet(50_000_000L); // 50 ms: 5 more
        assertEquals(5, admittedIn(b, 1_000));
        int total = 0;
        for (int ms = 0; ms < 10_000; ms++) { // ten seconds, a sampled read every 0.1 ms
            now.addAndGet(1_000_000L);
            total += admittedIn(b, 10);
        }
        assertEquals(1_000, total, 1, "100 per second over ten seconds");
    }

    @Test
    void idleTimeDoesNotBankMoreThanTheBurst() {
        CompareBudget b = new CompareBudget(20, now::get);
        now.addAndGet(3_600_000_000_000L);
        assertEquals(2, admittedIn(b, 100));
    }

    @Test
    void aSlowRateStillAdmitsOneAtATime() {
        CompareBudget b = new CompareBudget(0.5, now::get);
        assertTrue(b.tryAcquire());
        assertFalse(b.tryAcquire());
        now.addAndGet(1_900_000_000L);
        assertFalse(b.tryAcquire());
        now.addAndGet(200_000_000L);
        assertTrue(b.tryAcquire());
    }

    @Test
    void zeroAdmitsNoneAndInfinityAll() {
        assertEquals(0, admittedIn(new CompareBudget(0, now::get), 100));
        assertEquals(100, admittedIn(new CompareBudget(Double.POSITIVE_INFINITY, now::get), 100));
        assertThrows(IllegalArgumentException.class, () -> new CompareBudget(-1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new CompareBudget(Double.NaN, now::get));
    }

    @Test
    void aClockGoingBackwardsAddsNothing() {
        CompareBudget b = new CompareBudget(10, now::get);
        assertTrue(b.tryAcquire());
        now.addAndGet(-10_000_000_000L);
        assertFalse(b.tryAcquire());
    }

    @Test
    void theRunnerCountsWhatTheBudgetRefusesAsDropped() {
        try (CompareRunner runner = new CompareRunner(io.turnout.routing.sql.Dialect.MYSQL, null, null, null, null,
                CompareRules.DEFAULTS, java.time.Clock.systemUTC(), 1, 4, new CompareBudget(1, now::get))) {
            assertTrue(runner.admit());
            assertFalse(runner.admit());
            assertFalse(runner.admit());
            assertEquals(2, runner.dropped());
        }
    }
}
