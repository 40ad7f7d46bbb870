package io.turnout.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real MariaDB replication pair for one test class, from the machine's own {@code mariadbd}: a source with a binary
 * log and a replica following it by GTID ({@code CHANGE MASTER TO ... MASTER_USE_GTID=slave_pos}), starting after
 * the users the harness created on each, so only the test's own statements replicate.
 */
public final class MariaDbReplicaPair implements AutoCloseable {

    /** JDBC options every connection to the pair needs. */
    public static final String OPTIONS = "allowPublicKeyRetrieval=true&useSSL=false";

    private static final String REPL_PASSWORD = "turnout-repl-pw";

    private final RunningServer source;
    private final RunningServer replica;

    private MariaDbReplicaPair(RunningServer source, RunningServer replica) {
        this.source = source;
        this.replica = replica;
    }

    /** @throws PgStreamingReplica.MissingToolException when no {@code /usr/sbin/mariadbd} is installed */
    public static MariaDbReplicaPair start() {
        Path mariadbd = Path.of("/usr/sbin/mariadbd");
        if (!Files.isExecutable(mariadbd) || !Files.isExecutable(Path.of("/usr/bin/mariadb-install-db"))) {
            throw new PgStreamingReplica.MissingToolException("no /usr/sbin/mariadbd: install mariadb-server to run "
                    + "the MariaDB replication tests");
        }
        RunningServer source = LocalMariaDb.start(mariadbd, List.of("--log-bin=source-bin", "--server-id=1",
                "--binlog-format=ROW"));
        RunningServer replica = null;
        try {
            replica = LocalMariaDb.start(mariadbd, List.of("--skip-log-bin", "--server-id=2",
                    "--relay-log=replica-relay"));
            follow(source.admin(), replica.admin());
            return new MariaDbReplicaPair(source, replica);
        } catch (RuntimeException | SQLException e) {
            source.close();
            if (replica != null) {
                replica.close();
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("could not start replication: "
                    + e.getMessage(), e);
        }
    }

    private static void follow(DbEndpoint source, DbEndpoint replica) throws SQLException {
        String gtid;
        try (Connection c = source.connect(OPTIONS); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("CREATE USER 'turnout_repl'@'%' IDENTIFIED BY '" + REPL_PASSWORD + "'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO 'turnout_repl'@'%'");
            try (ResultSet rs = s.executeQuery("SELECT @@gtid_current_pos")) {
                rs.next();
                gtid = rs.getString(1);
            }
        }
        try (Connection c = replica.connect(OPTIONS); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL gtid_slave_pos = '" + gtid + "'");
            s.execute("CHANGE MASTER TO MASTER_HOST='" + source.host() + "', MASTER_PORT=" + source.port()
                    + ", MASTER_USER='turnout_repl', MASTER_PASSWORD='" + REPL_PASSWORD + "', "
                    + "MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1");
            s.execute("START SLAVE");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            String state = "";
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
                    if (rs.next()) {
                        state = "IO " + rs.getString("Slave_IO_Running") + ", SQL " + rs.getString("Slave_SQL_Running")
                                + ", " + rs.getString("Last_IO_Error") + " " + rs.getString("Last_SQL_Error");
                        if (state.startsWith("IO Yes, SQL Yes")) {
                            return;
                        }
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            throw new IllegalStateException("the MariaDB replica did not start replicating within 30 s: " + state);
        }
    }

    /** Administrator of the source (binary log on). */
    public DbEndpoint source() {
        return source.admin();
    }

    /** Administrator of the replica. */
    public DbEndpoint replica() {
        return replica.admin();
    }

    public String description() {
        return source.description() + " replicated to " + replica.description();
    }

    @Override
    public void close() {
        replica.close();
        source.close();
    }
}
