package io.turnout.proxy.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A read ramp: the percentages to serve from the new shape, one after the other, each held for {@code dwell} and
 * left only while every breaker gate holds.
 */
public record RampState(List<Double> steps, Duration dwell, int position, Status status, Instant stepStartedAt) {

    public static final List<Double> DEFAULT_STEPS = List.of(1.0, 5.0, 25.0, 100.0);

    /** Where a ramp stands. */
    public enum Status {
        IDLE,
        RUNNING,
        PAUSED,
        DONE
    }

    public static final RampState IDLE = new RampState(DEFAULT_STEPS, Duration.ofMinutes(10), -1, Status.IDLE, null);

    public RampState {
        steps = List.copyOf(steps);
    }

    public RampState with(Status next, int newPosition, Instant startedAt) {
        return new RampState(steps, dwell, newPosition, next, startedAt);
    }

    public Double currentStep() {
        return position >= 0 && position < steps.size() ? steps.get(position) : null;
    }
}
