package io.turnout.proxy.control;

import java.time.Instant;

/**
 * One change of a migration's run-time state: who (an operator's name, or {@code breaker} / {@code ramp} for the
 * automatic ones), when, what, from and to, and why.
 */
public record AuditEvent(Instant at, String actor, String migrationId, String action, String from, String to,
                         String reason) {
}
