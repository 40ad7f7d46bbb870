package io.turnout.bench.control;

import io.turnout.proxy.control.BreakerWindow;
import io.turnout.routing.model.Shape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the breaker's window costs. {@code summary} is what one breaker round reads: five rounds a second, on the
 * breaker's thread, under the lock the event loop takes per statement; the clock stands still, so every round sees
 * the same full window. {@code summaryAsTheSecondTurns} is a round one second after the last, so a second leaves the
 * window each time (a real breaker sees that once in five rounds). {@code record} is what each routed statement adds
 * on the event loop. The window starts as a full 30 seconds of 2,000 statements a second, a quarter of them on the new
 * path, latencies spread from 100 µs to 20 ms.
 *
 * <p>Run: {@code java -cp "$(cat bench/target/classpath.txt):bench/target/classes" org.openjdk.jmh.Main BreakerWindowBench}
 * after {@code mvn -o -q -B -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BreakerWindowBench {

    private static final int SECONDS = 30;
    private static final int PER_SECOND = 2_000;

    /** A clock that shows whatever second it was set to. */
    private static final class SetClock extends Clock {
        volatile Instant now = Instant.ofEpochSecond(1_700_000_000L);

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private SetClock clock;
    private BreakerWindow window;
    private final SplittableRandom random = new SplittableRandom(7);
    private long[] latencies;
    private int next;

    @Setup
    public void fill() {
        clock = new SetClock();
        window = new BreakerWindow(clock, Duration.ofSeconds(SECONDS));
        latencies = new long[4096];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = 100 + (long) Math.exp(random.nextDouble() * Math.log(20_000));
        }
        Instant start = clock.now;
        for (int s = 0; s < SECONDS; s++) {
            clock.now = start.plusSeconds(s);
            for (int i = 0; i < PER_SECOND; i++) {
                window.recordStatement(i % 4 == 0 ? Shape.NEW : Shape.OLD, latencies[i & 4095], i % 500 == 0);
            }
        }
    }

    @Benchmark
    public BreakerWindow.Summary summary() {
        return window.summary();
    }

    /**
     * A round one second after the last: a second leaves the window each time (a real breaker sees that once in five
     * rounds), after one statement of the new second.
     */
    @Benchmark
    public BreakerWindow.Summary summaryAsTheSecondTurns() {
        clock.now = clock.now.plusSeconds(1);
        window.recordStatement(Shape.OLD, latencies[next++ & 4095], false);
        return window.summary();
    }

    @Benchmark
    public void record() {
        window.recordStatement(Shape.OLD, latencies[next++ & 4095], false);
    }
}
