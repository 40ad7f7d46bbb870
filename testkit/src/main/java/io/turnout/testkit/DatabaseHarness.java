package io.turnout.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one database server of each engine for a test JVM, found in this order: a JDBC URL from the environment
 * ({@code TURNOUT_PG_URL} / {@code TURNOUT_MYSQL_URL}, with {@code user} and {@code password} parameters of a
 * superuser), Testcontainers when a Docker engine is reachable, otherwise embedded real servers. Each test class asks
 * for a {@link #freshDatabase(String) fresh database} owned by a fresh password-authenticated user.
 */
public final class DatabaseHarness {

    private static final Object LOCK = new Object();
    private static DatabaseHarness postgres;
    private static DatabaseHarness mysql;

    private final RunningServer server;
    private final AtomicInteger counter = new AtomicInteger();

    private DatabaseHarness(RunningServer server) {
        this.server = server;
    }

    /** The one server of the test JVM, stopped when the JVM exits. */
    private static DatabaseHarness shared(RunningServer server) {
        System.err.println("turnout test harness: " + server.description());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "turnout-harness-stop"));
        return new DatabaseHarness(server);
    }

    /**
     * Fresh databases on a server the caller started for itself and closes itself (e.g. one from
     * {@link EmbeddedServers#startPostgres(java.util.Map)} with TLS on).
     */
    public static DatabaseHarness over(RunningServer server) {
        return new DatabaseHarness(server);
    }

    public static DatabaseHarness postgres() {
        synchronized (LOCK) {
            if (postgres == null) {
                postgres = shared(find(Engine.POSTGRES));
            }
            return postgres;
        }
    }

    public static DatabaseHarness mysql() {
        synchronized (LOCK) {
            if (mysql == null) {
                mysql = shared(find(Engine.MYSQL));
            }
            return mysql;
        }
    }

    public static DatabaseHarness of(Engine engine) {
        return engine == Engine.POSTGRES ? postgres() : mysql();
    }

    private static RunningServer find(Engine engine) {
        String variable = engine == Engine.POSTGRES ? "TURNOUT_PG_URL" : "TURNOUT_MYSQL_URL";
        String url = System.getenv(variable);
        if (url != null && !url.isBlank()) {
            DbEndpoint admin = DbEndpoint.parseJdbcUrl(url.trim());
            return new EmbeddedServers.Started(admin, "env " + variable + " (" + admin + ")", null, () -> { });
        }
        if (ContainerServers.dockerReachable()) {
            return engine == Engine.POSTGRES ? ContainerServers.postgres() : ContainerServers.mysql();
        }
        return engine == Engine.POSTGRES ? EmbeddedServers.startPostgres() : EmbeddedServers.startMariaDb();
    }

    public DbEndpoint admin() {
        return server.admin();
    }

    /** The server's Unix-domain socket file, when the harness started the server itself. */
    public Optional<Path> socket() {
        return server.socket();
    }

    public String description() {
        return server.description();
    }

    /** A new empty database and a new user that owns it, authenticated by password. */
    public DbEndpoint freshDatabase(String hint) {
        String base = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (base.length() > 24) {
            base = base.substring(0, 24);
        }
        int n = counter.incrementAndGet();
        long pid = ProcessHandle.current().pid();
        String db = "t_" + base + "_" + pid + "_" + n;
        String user = "u_" + pid + "_" + n;
        String password = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "-" + n;
        DbEndpoint admin = server.admin();
        try (Connection c = admin.engine() == Engine.MYSQL ? admin.connect("allowPublicKeyRetrieval=true&useSSL=false")
                : admin.connect(); Statement s = c.createStatement()) {
            if (admin.engine() == Engine.POSTGRES) {
                s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
                s.execute("CREATE DATABASE " + db + " OWNER " + user);
            } else {
                s.execute("CREATE DATABASE " + db);
                s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
                s.execute("GRANT ALL PRIVILEGES ON " + db + ".* TO '" + user + "'@'%'");
                s.execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + password + "'");
                s.execute("GRANT ALL PRIVILEGES ON " + db + ".* TO '" + user + "'@'localhost'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a fresh database on " + description() + ": "
                    + e.getMessage(), e);
        }
        return new DbEndpoint(admin.engine(), admin.host(), admin.port(), db, user, password);
    }
}
