package io.turnout.proxy.replica;

import io.turnout.proxy.control.ReplicaReading;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** One engine's way to ask a server about replication lag, on a side connection of the proxy's own. */
interface LagProbe {

    /**
     * One poll. A primary reports one observation per replica it serves; a replica reports itself. An SQL error
     * means the lag could not be measured and is counted as a failure by the caller.
     */
    List<Observation> poll(Connection c) throws SQLException;

    /**
     * What one poll saw of one replica.
     *
     * @param suffix    appended to the configured name ({@code standby-1/walreceiver@10.0.0.3}), or null for the
     *                  configured server itself
     * @param lagMillis when {@code status} is OK, else -1
     */
    record Observation(String suffix, ReplicaReading.Status status, long lagMillis, String detail) {

        static Observation lag(String suffix, long lagMillis, String detail) {
            return new Observation(suffix, ReplicaReading.Status.OK, Math.max(0, lagMillis), detail);
        }

        static Observation failed(String suffix, ReplicaReading.Status status, String detail) {
            return new Observation(suffix, status, -1, detail);
        }
    }
}
