package io.turnout.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PostgreSQL streaming replication pair for one test class: a primary of its own (embedded, with
 * {@code wal_level=replica} and a replication line in {@code pg_hba.conf}) and a hot standby made with
 * {@code pg_basebackup -R}, started from the primary's own binaries on a free loopback port. The standby runs the
 * primary's major version; {@code pg_basebackup} may be newer (it reads older servers), taken from the primary's
 * binaries or else from {@code /usr/lib/postgresql/N/bin}.
 */
public final class PgStreamingReplica implements AutoCloseable {

    /** No {@code pg_basebackup} that can copy the primary was found: the caller skips its test. */
    public static final class MissingToolException extends IllegalStateException {
        MissingToolException(String message) {
            super(message);
        }
    }

    private static final List<String> STANDBY_AT_LEAST_PRIMARY = List.of("max_connections", "max_worker_processes",
            "max_wal_senders", "max_prepared_transactions", "max_locks_per_transaction");

    private final RunningServer primary;
    private final Process standby;
    private final DbEndpoint standbyAdmin;
    private final Path dir;

    private PgStreamingReplica(RunningServer primary, Process standby, DbEndpoint standbyAdmin, Path dir) {
        this.primary = primary;
        this.standby = standby;
        this.standbyAdmin = standbyAdmin;
        this.dir = dir;
    }

    public static PgStreamingReplica start() {
        RunningServer primary = EmbeddedServers.startPostgres(Map.of("wal_level", "replica", "max_wal_senders", "4",
                "wal_keep_size", "128MB"));
        try {
            return startStandby(primary);
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    private static PgStreamingReplica startStandby(RunningServer primary) {
        DbEndpoint p = primary.admin();
        List<String> settings = new ArrayList<>();
        Path bin;
        int major;
        try (Connection c = p.connect(); Statement s = c.createStatement()) {
            Path data = Path.of(single(s, "SHOW data_directory"));
            major = Integer.parseInt(single(s, "SHOW server_version_num")) / 10_000;
            bin = ProcessHandle.of(Long.parseLong(single(s, "SELECT pg_backend_pid()")))
                    .flatMap(h -> h.info().command()).map(cmd -> Path.of(cmd).getParent())
                    .orElseThrow(() -> new IllegalStateException("cannot find the primary's binaries"));
            for (String name : STANDBY_AT_LEAST_PRIMARY) {
                settings.add("-c");
                settings.add(name + "=" + single(s, "SHOW " + name));
            }
            Files.writeString(data.resolve("pg_hba.conf"), "host replication all 127.0.0.1/32 scram-sha-256\n",
                    StandardOpenOption.APPEND);
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the primary for replication: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path basebackup = basebackup(bin, major);
        try {
            Path dir = Files.createTempDirectory("turnout-standby");
            Path data = dir.resolve("data");
            ProcessBuilder copy = new ProcessBuilder(basebackup.toString(), "-h", p.host(), "-p",
                    Integer.toString(p.port()), "-U", p.user(), "-D", data.toString(), "-R", "-X", "stream",
                    "-c", "fast", "-w");
            copy.environment().put("PGPASSWORD", p.password());
            run(copy, dir.resolve("basebackup.log"));
            int port = EmbeddedServers.freePort();
            List<String> command = new ArrayList<>(asUnprivileged());
            command.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                    "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c",
                    "unix_socket_directories=" + dir, "-c", "hot_standby=on", "-c", "wal_receiver_status_interval=1"));
            command.addAll(settings);
            Process standby = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("standby.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(standby::destroyForcibly));
            DbEndpoint admin = p.withHostPort("127.0.0.1", port);
            waitStreaming(admin, standby, dir.resolve("standby.log"));
            return new PgStreamingReplica(primary, standby, admin, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the standby", e);
        }
    }

    /**
     * PostgreSQL refuses to run as root; as zonky does for the primary, a root test JVM starts the standby in a user
     * namespace of its own ({@code unshare -U}), where it runs as an unprivileged user.
     */
    private static List<String> asUnprivileged() {
        boolean root = "root".equals(System.getProperty("user.name"));
        for (String unshare : List.of("/usr/bin/unshare", "/bin/unshare")) {
            if (root && Files.isExecutable(Path.of(unshare))) {
                return List.of(unshare, "-U");
            }
        }
        return List.of();
    }

    /** Superuser endpoint of the primary. */
    public DbEndpoint primary() {
        return primary.admin();
    }

    /** Superuser endpoint of the standby (the same login: it is replicated). */
    public DbEndpoint standby() {
        return standbyAdmin;
    }

    public String description() {
        return primary.description() + " with a streaming standby on port " + standbyAdmin.port();
    }

    /** The primary's pg_basebackup, else the lowest Debian one that is at least the primary's major version. */
    private static Path basebackup(Path bin, int major) {
        if (Files.isExecutable(bin.resolve("pg_basebackup"))) {
            return bin.resolve("pg_basebackup");
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .filter(v -> Integer.parseInt(v.getFileName().toString()) >= major)
                        .sorted(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                        .map(v -> v.resolve("bin/pg_basebackup")).filter(Files::isExecutable).findFirst()
                        .orElseThrow(() -> missing(bin, major));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw missing(bin, major);
    }

    private static MissingToolException missing(Path bin, int major) {
        return new MissingToolException("no pg_basebackup in " + bin + " nor in /usr/lib/postgresql/N/bin (N >= "
                + major + "): install postgresql-client to run the streaming-replica tests");
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void run(ProcessBuilder pb, Path log) throws IOException {
        Process proc = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (proc.waitFor() != 0) {
                throw new IOException(pb.command().get(0) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void waitStreaming(DbEndpoint standby, Process process, Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the standby exited: " + Files.readString(log));
            }
            try (Connection c = standby.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), (SELECT status FROM pg_stat_wal_receiver)")) {
                if (rs.next() && rs.getBoolean(1) && "streaming".equals(rs.getString(2))) {
                    return;
                }
            } catch (SQLException notYet) {
                // still starting
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("the standby did not stream within 60 s: " + Files.readString(log));
    }

    @Override
    public void close() {
        standby.destroy();
        try {
            if (!standby.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                standby.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            standby.destroyForcibly();
        }
        primary.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }
}
