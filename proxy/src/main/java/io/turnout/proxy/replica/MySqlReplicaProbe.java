package io.turnout.proxy.replica;

import io.turnout.proxy.control.ReplicaReading;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Asks a MySQL or MariaDB replica how far behind it is: {@code SHOW REPLICA STATUS} (MySQL 8.0.22+, MariaDB
 * 10.5.1+), else {@code SHOW SLAVE STATUS}, one row per replication channel. {@code Seconds_Behind_Source} /
 * {@code Seconds_Behind_Master} is the lag, in whole seconds; NULL there means a replication thread is stopped, and
 * no row at all means the server is not a replica. The login needs {@code REPLICATION CLIENT} (MySQL: or
 * {@code REPLICATION_SLAVE_ADMIN}) to run the statement.
 */
final class MySqlReplicaProbe implements LagProbe {

    /** ER_PARSE_ERROR: the server predates SHOW REPLICA STATUS. */
    private static final int PARSE_ERROR = 1064;

    private boolean legacy;

    @Override
    public List<Observation> poll(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(statement())) {
                return observations(rs);
            } catch (SQLException e) {
                if (legacy || e.getErrorCode() != PARSE_ERROR) {
                    throw e;
                }
                legacy = true;
                try (ResultSet rs = s.executeQuery(statement())) {
                    return observations(rs);
                }
            }
        }
    }

    private String statement() {
        return legacy ? "SHOW SLAVE STATUS" : "SHOW REPLICA STATUS";
    }

    private List<Observation> observations(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int seconds = column(md, "Seconds_Behind_Source", "Seconds_Behind_Master");
        int io = column(md, "Replica_IO_Running", "Slave_IO_Running");
        int sql = column(md, "Replica_SQL_Running", "Slave_SQL_Running");
        int ioError = column(md, "Last_IO_Error");
        int sqlError = column(md, "Last_SQL_Error");
        int channel = column(md, "Channel_Name", "Connection_name");
        List<Observation> out = new ArrayList<>();
        while (rs.next()) {
            String ch = channel > 0 ? rs.getString(channel) : null;
            String suffix = ch == null || ch.isEmpty() ? null : ch;
            String threads = "IO thread " + text(rs, io) + ", SQL thread " + text(rs, sql);
            long lag = seconds > 0 ? rs.getLong(seconds) : 0;
            if (seconds <= 0 || rs.wasNull()) {
                String errors = join(text(rs, ioError), text(rs, sqlError));
                String column = seconds > 0 ? md.getColumnLabel(seconds) : "Seconds_Behind_Master";
                out.add(Observation.failed(suffix, ReplicaReading.Status.STOPPED, "replication is stopped ("
                        + column + " NULL; " + threads + (errors.isEmpty() ? "" : "; " + errors) + ")"));
            } else {
                out.add(Observation.lag(suffix, lag * 1000, md.getColumnLabel(seconds) + " " + lag
                        + " (whole seconds); " + threads));
            }
        }
        if (out.isEmpty()) {
            out.add(Observation.failed(null, ReplicaReading.Status.NOT_A_REPLICA, statement() + " returned no row: "
                    + "this server is not a replica (no CHANGE MASTER TO / CHANGE REPLICATION SOURCE TO was run)"));
        }
        return out;
    }

    /** The 1-based index of the first of {@code names} the result has, or 0. */
    private static int column(ResultSetMetaData md, String... names) throws SQLException {
        for (String name : names) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (md.getColumnLabel(i).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return i;
                }
            }
        }
        return 0;
    }

    private static String text(ResultSet rs, int column) throws SQLException {
        String v = column > 0 ? rs.getString(column) : null;
        return v == null ? "" : v;
    }

    private static String join(String ioError, String sqlError) {
        List<String> parts = new ArrayList<>();
        if (!ioError.isEmpty()) {
            parts.add("last IO error: " + ioError);
        }
        if (!sqlError.isEmpty()) {
            parts.add("last SQL error: " + sqlError);
        }
        return String.join("; ", parts);
    }
}
