package io.turnout.proxy.control;

import java.time.Instant;

/**
 * The automatic flip-back breaker of one migration. Once tripped it stays tripped, forcing reads to the old shape,
 * until an operator re-arms it.
 */
public record BreakerState(boolean tripped, String reason, Instant trippedAt) {

    public static final BreakerState ARMED = new BreakerState(false, null, null);

    public static BreakerState tripped(String reason, Instant at) {
        return new BreakerState(true, reason, at);
    }
}
