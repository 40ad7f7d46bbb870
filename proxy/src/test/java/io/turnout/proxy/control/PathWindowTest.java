package io.turnout.proxy.control;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PathWindowTest {

    private record Recorded(long second, long micros, boolean error) {
    }

    /** The figures as the window defines them, added up from every statement recorded. */
    private static PathWindow.Figures expected(List<Recorded> all, long now, int seconds) {
        Histogram h = new Histogram(Duration.ofMinutes(10).toNanos() / 1000, 2);
        long n = 0;
        long e = 0;
        for (Recorded r : all) {
            if (r.second() > now - seconds && r.second() <= now) {
                n++;
                e += r.error() ? 1 : 0;
                h.recordValue(r.micros());
            }
        }
        return new PathWindow.Figures(n, e, n == 0 ? 0 : h.getValueAtPercentile(95));
    }

    @Test
    void theRunningSumGivesWhatAddingUpTheWindowGives() {
        int seconds = 10;
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            PathWindow w = new PathWindow(Duration.ofSeconds(seconds));
            List<Recorded> all = new ArrayList<>();
            long now = 1_700_000_000L;
            for (int step = 0; step < 3_000; step++) {
                int roll = random.nextInt(100);
                if (roll < 3) {
                    now += 1 + random.nextInt(3 * seconds); // a quiet spell: slots are reused with no round between
                } else if (roll < 15) {
                    now++;
                } else if (roll < 25) {
                    assertEquals(expected(all, now, seconds), w.figures(now), "seed " + seed + ", step " + step);
                } else {
                    Recorded r = new Recorded(now, 1 + random.nextInt(random.nextBoolean() ? 2_000 : 200_000),
                            random.nextInt(20) == 0);
                    all.add(r);
                    w.record(r.second(), r.micros(), r.error());
                }
            }
            assertEquals(expected(all, now, seconds), w.figures(now), "seed " + seed + ", at the end");
        }
    }

    @Test
    void aStatementOfASecondTheWindowHasLeftIsNotCounted() {
        PathWindow w = new PathWindow(Duration.ofSeconds(5));
        w.record(100, 1_000, false);
        w.record(106, 50, false);
        assertEquals(new PathWindow.Figures(1, 0, 50), w.figures(106)); // second 100 is out (and taken out)
        w.record(100, 9_000, true); // late by six seconds: the window has left it
        w.record(99, 9_000, true);
        assertEquals(new PathWindow.Figures(1, 0, 50), w.figures(106));
        w.record(107, 70, true);
        assertEquals(2, w.figures(107).statements());
        assertEquals(1, w.figures(107).errors());
    }
}
