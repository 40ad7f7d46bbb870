package io.turnout.proxy.replica;

import io.turnout.proxy.control.ReplicaReading;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Asks a PostgreSQL primary about every standby streaming from it ({@code pg_stat_replication}; the login needs
 * {@code pg_monitor} to see the lag columns). The lag is the largest of write, flush and replay lag; PostgreSQL
 * shows NULL there once a standby has caught up on an idle primary, which is lag 0. A state other than streaming or
 * catchup, or fewer standbys than expected, cannot be measured and counts as a failure.
 */
final class PgPrimaryProbe implements LagProbe {

    static final String QUERY = "SELECT application_name, coalesce(host(client_addr), 'local') AS addr, state, "
            + "(extract(epoch FROM GREATEST(write_lag, flush_lag, replay_lag)) * 1000)::bigint AS lag_ms, "
            + "pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
            + "ELSE pg_current_wal_lsn() END, replay_lsn)::bigint AS behind_bytes "
            + "FROM pg_stat_replication ORDER BY application_name, client_addr";

    private final int expectReplicas;

    PgPrimaryProbe(int expectReplicas) {
        this.expectReplicas = expectReplicas;
    }

    @Override
    public List<Observation> poll(Connection c) throws SQLException {
        List<Observation> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int streaming = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            while (rs.next()) {
                String name = rs.getString("application_name") + "@" + rs.getString("addr");
                String unique = name;
                for (int i = 2; !names.add(unique); i++) {
                    unique = name + "#" + i;
                }
                String state = rs.getString("state");
                long lag = rs.getLong("lag_ms");
                boolean lagKnown = !rs.wasNull();
                long behind = rs.getLong("behind_bytes");
                if (state == null) {
                    out.add(Observation.failed(unique, ReplicaReading.Status.UNREACHABLE, "pg_stat_replication hides "
                            + "this standby's state and lag from the login: GRANT pg_monitor TO it"));
                    continue;
                }
                if (!"streaming".equals(state) && !"catchup".equals(state)) {
                    out.add(Observation.failed(unique, ReplicaReading.Status.STOPPED, "pg_stat_replication state "
                            + state));
                    continue;
                }
                streaming++;
                out.add(Observation.lag(unique, lagKnown ? lag : 0, state + ", " + behind + " bytes behind"
                        + (lagKnown ? "" : ", no lag sample (caught up)")));
            }
        }
        if (streaming < expectReplicas) {
            out.add(Observation.failed(null, ReplicaReading.Status.NOT_A_REPLICA, "only " + streaming + " standby(s) "
                    + "streaming from this primary, " + expectReplicas + " expected (pg_stat_replication; the login "
                    + "needs pg_monitor to see other users' connections)"));
        }
        return out;
    }
}
