package io.turnout.proxy.pg;

import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.Protocol;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.TurnoutConfig;
import io.turnout.proxy.config.Upstream;
import io.turnout.proxy.route.StatementPlanner;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A {@link ProxyServer} with one {@link PgListener} on a free loopback port in front of a fresh database of the test
 * harness. {@link #direct()} logs in to the database itself, {@link #proxied()} through Turnout.
 */
final class PgProxyFixture implements AutoCloseable {

    private final DbEndpoint direct;
    private final ProxyServer server;
    private final PgListener listener;
    private boolean stopped;

    private PgProxyFixture(DbEndpoint direct, HostPort upstream, TlsConfig tls, Limits limits) {
        this(direct, new Upstream(upstream, null), tls, limits, StatementPlanner.PASS_THROUGH);
    }

    private PgProxyFixture(DbEndpoint direct, Upstream upstream, TlsConfig tls, Limits limits,
                           StatementPlanner planner) {
        this.direct = direct;
        ListenerConfig config = new ListenerConfig("pg", Protocol.POSTGRES, new HostPort("127.0.0.1", 0), upstream,
                tls, limits);
        this.server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(2)),
                (c, t) -> new PgListener(c, t, planner)).start();
        this.listener = (PgListener) server.listener("pg");
    }

    static PgProxyFixture start(String hint) {
        return start(hint, TlsConfig.NONE, Limits.DEFAULTS);
    }

    static PgProxyFixture start(String hint, TlsConfig tls, Limits limits) {
        DbEndpoint db = DatabaseHarness.postgres().freshDatabase(hint);
        return new PgProxyFixture(db, new HostPort(db.host(), db.port()), tls, limits);
    }

    /**
     * A proxy whose sessions show every client message to {@code planner} (the framed path a listener with
     * migrations runs), even when it plans nothing.
     */
    static PgProxyFixture startPlanned(String hint, Limits limits, StatementPlanner planner) {
        DbEndpoint db = DatabaseHarness.postgres().freshDatabase(hint);
        return new PgProxyFixture(db, Upstream.tcp(db.host(), db.port()), TlsConfig.NONE, limits, planner);
    }

    /** A proxy whose upstream is some other address (e.g. a port nothing listens on). */
    static PgProxyFixture startInFrontOf(String hint, HostPort upstream, Limits limits) {
        DbEndpoint db = DatabaseHarness.postgres().freshDatabase(hint);
        return new PgProxyFixture(db, upstream, TlsConfig.NONE, limits);
    }

    /** A proxy in front of {@code db} (e.g. on a server of the test's own) at {@code upstream}, with {@code tls}. */
    static PgProxyFixture inFrontOf(DbEndpoint db, HostPort upstream, TlsConfig tls) {
        return new PgProxyFixture(db, upstream, tls, Limits.DEFAULTS);
    }

    /** A proxy in front of {@code db} whose server connections go through {@code socket}, a Unix-domain socket. */
    static PgProxyFixture overSocket(DbEndpoint db, Path socket) {
        return new PgProxyFixture(db, Upstream.unix(socket), TlsConfig.NONE, Limits.DEFAULTS,
                StatementPlanner.PASS_THROUGH);
    }

    static Limits limits(int maxMessageBytes, int maxClientConnections) {
        Limits d = Limits.DEFAULTS;
        return new Limits(maxMessageBytes, d.maxStartupBytes(), maxClientConnections, d.connectTimeout(),
                d.idleTimeout());
    }

    DbEndpoint direct() {
        return direct;
    }

    DbEndpoint proxied() {
        return direct.withHostPort("127.0.0.1", port());
    }

    int port() {
        return listener.boundPort();
    }

    PgListener listener() {
        return listener;
    }

    ProxyServer server() {
        return server;
    }

    /** pgjdbc through the proxy, without TLS (the listener offers none unless configured). */
    Connection connect() throws SQLException {
        return proxied().connect("sslmode=disable");
    }

    Connection connect(String options) throws SQLException {
        return proxied().connect(options);
    }

    /** Server sessions connected to this fixture's database, seen from the harness's superuser. */
    int serverSessions() throws SQLException {
        DbEndpoint admin = DatabaseHarness.postgres().admin();
        try (Connection c = admin.connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, direct.database());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Waits until the number of server sessions of this database is {@code expected}; returns the last count. */
    int awaitServerSessions(int expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int n = serverSessions();
        while (n != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            n = serverSessions();
        }
        return n;
    }

    /** Waits until the listener has {@code expected} client sessions open; returns the last count. */
    int awaitActiveSessions(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (listener.activeSessions() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return listener.activeSessions();
    }

    int awaitCancelKeys(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (listener.registeredCancelKeys() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return listener.registeredCancelKeys();
    }

    void shutdown(Duration grace) {
        if (!stopped) {
            stopped = true;
            server.shutdown(grace);
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(1));
    }
}
