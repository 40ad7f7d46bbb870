package io.turnout.proxy.control;

import java.time.Instant;

/**
 * The last poll of one watched replica: its lag when it could be measured, else why not, and how many polls in a row
 * have failed to measure it.
 *
 * @param replica             the configured name, plus {@code /application_name} for replicas seen on a primary
 * @param status              what the last poll found
 * @param lagMillis           replication lag in milliseconds when {@code status} is {@link Status#OK}, else -1
 * @param failures            consecutive polls that did not measure a lag (any status but OK)
 * @param breachAfterFailures failures after which an unmeasurable replica counts as a breach
 * @param detail              what the server said, for the audit event and the admin API
 * @param polledAt            when the poll ended
 */
public record ReplicaReading(String replica, Status status, long lagMillis, int failures, int breachAfterFailures,
                             String detail, Instant polledAt) {

    /** What one poll found. */
    public enum Status {
        /** Not polled yet. */
        PENDING,
        /** Lag measured. */
        OK,
        /** The server answered, but replication is not running (SQL or IO thread stopped, no WAL receiver). */
        STOPPED,
        /** The server answered, but it is not a replica (or a primary with fewer replicas than expected). */
        NOT_A_REPLICA,
        /** The server could not be reached or the query failed. */
        UNREACHABLE
    }

    /** Whether this reading alone is a reason to flip reads back, given the migration's lag threshold. */
    public boolean breaches(long maxLagMillis) {
        if (status == Status.OK) {
            return lagMillis > maxLagMillis;
        }
        return status != Status.PENDING && failures >= breachAfterFailures;
    }

    /** The breach in words: the replica, the figure and the threshold. */
    public String describe(long maxLagMillis) {
        if (status == Status.OK) {
            return "replica '" + replica + "' lags " + lagMillis + " ms, above the " + maxLagMillis + " ms allowed"
                    + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        }
        String what = switch (status) {
            case STOPPED -> "has replication stopped";
            case NOT_A_REPLICA -> "is not replicating";
            default -> "could not be polled";
        };
        return "replica '" + replica + "' " + what + " for " + failures + " polls in a row (breach after "
                + breachAfterFailures + "): " + detail;
    }
}
