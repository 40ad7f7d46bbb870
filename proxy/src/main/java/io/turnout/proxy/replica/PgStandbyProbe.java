package io.turnout.proxy.replica;

import io.turnout.proxy.control.ReplicaReading;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Asks a PostgreSQL standby how far behind it is. {@code now() - pg_last_xact_replay_timestamp()} alone is wrong on
 * an idle primary (the last replayed commit is old but nothing is pending), so a standby that has replayed all the
 * WAL it received counts as lag 0; otherwise the lag is the time since the last replayed commit, capped by the time
 * since this probe last saw the standby caught up (a single new commit after an idle hour is not an hour of lag).
 */
final class PgStandbyProbe implements LagProbe {

    static final String QUERY = "SELECT pg_is_in_recovery() AS recovering, "
            + "pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() AS caught_up, "
            + "(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::bigint AS since_ms, "
            + "CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END AS paused, "
            + "EXISTS (SELECT 1 FROM pg_stat_wal_receiver) AS receiving, "
            + "(SELECT status FROM pg_stat_wal_receiver LIMIT 1) AS receiver";

    private final LongSupplier nowMillis;
    private long caughtUpAt = -1;

    /** @param nowMillis a monotonic clock in milliseconds */
    PgStandbyProbe(LongSupplier nowMillis) {
        this.nowMillis = nowMillis;
    }

    @Override
    public List<Observation> poll(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            rs.next();
            long now = nowMillis.getAsLong();
            if (!rs.getBoolean("recovering")) {
                caughtUpAt = -1;
                return List.of(Observation.failed(null, ReplicaReading.Status.NOT_A_REPLICA,
                        "pg_is_in_recovery() is false: this server is a primary, not a standby (list the standby's "
                                + "own URL, or use role primary to read pg_stat_replication)"));
            }
            String receiver = rs.getString("receiver");
            boolean paused = rs.getBoolean("paused");
            List<String> notes = new ArrayList<>();
            if (paused) {
                notes.add("WAL replay paused");
            }
            // without pg_read_all_stats the status is hidden, but the row still says a receiver is running
            if (!rs.getBoolean("receiving") || receiver != null && !receiver.equals("streaming")) {
                return List.of(Observation.failed(null, ReplicaReading.Status.STOPPED, "no WAL receiver is streaming "
                        + "(pg_stat_wal_receiver status " + (receiver == null ? "none" : receiver) + ")" + (paused ? ", WAL replay paused" : "")));
            }
            if (rs.getBoolean("caught_up")) {
                caughtUpAt = now;
                return List.of(Observation.lag(null, 0, String.join(", ", notes)));
            }
            long since = rs.getLong("since_ms");
            boolean sinceKnown = !rs.wasNull();
            long lag;
            if (sinceKnown && caughtUpAt >= 0) {
                lag = Math.min(since, now - caughtUpAt);
            } else if (sinceKnown) {
                lag = since;
            } else {
                lag = caughtUpAt >= 0 ? now - caughtUpAt : 0;
                notes.add("no transaction replayed yet");
            }
            notes.add(0, "WAL received but not yet replayed");
            return List.of(Observation.lag(null, lag, String.join(", ", notes)));
        }
    }
}
