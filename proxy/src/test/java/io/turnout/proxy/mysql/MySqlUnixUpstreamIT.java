package io.turnout.proxy.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.turnout.proxy.pg.NoLeakReports;
import io.turnout.testkit.DbEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A listener whose server leg is the server's unix-domain socket ({@code upstream: unix:/path}), over NIO and over
 * epoll: clients still connect over TCP and notice nothing, the server sees a local socket connection. Skipped when
 * the harness server is not on this machine (no socket file to reach).
 */
@ExtendWith(NoLeakReports.class)
class MySqlUnixUpstreamIT {
    private static Path socket;

    @BeforeAll
    static void findSocket() throws SQLException {
        try (Connection c = ProxiedMariaDb.admin().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@socket")) {
            rs.next();
            String path = rs.getString(1);
            socket = path == null ? null : Path.of(path);
        }
        assumeTrue(socket != null && Files.exists(socket), "the server's socket " + socket + " is not on this machine");
    }

    /** The server's view of the session's connection: 'localhost' over the socket, 'host:port' over TCP. */
    private static String serverSideHost(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void queriesWork(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
            s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
        }
        try (PreparedStatement p = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
            p.setInt(1, 2);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("two", rs.getString(1));
            }
        }
    }

    @Test
    void overNio() throws Exception {
        try (ProxiedMariaDb db = new ProxiedMariaDb("unixnio", s -> s.withUpstreamSocket(socket));
                Connection c = db.connect("useServerPrepStmts=true")) {
            assertEquals("localhost", serverSideHost(c));
            queriesWork(c);
        }
    }

    @Test
    void overEpoll() throws Exception {
        assumeTrue(Epoll.isAvailable(), "no native epoll here");
        EventLoopGroup boss = new EpollEventLoopGroup(1);
        EventLoopGroup workers = new EpollEventLoopGroup(1);
        DbEndpoint direct = io.turnout.testkit.DatabaseHarness.mysql().freshDatabase("unixepoll");
        MySqlListener listener = new MySqlListener(MySqlListenerSettings.defaults(socket), boss, workers);
        try {
            DbEndpoint proxied = direct.withHostPort("127.0.0.1", listener.start());
            try (Connection c = proxied.connect("useServerPrepStmts=false")) {
                assertEquals("localhost", serverSideHost(c));
                queriesWork(c);
            }
        } finally {
            listener.close(Duration.ofSeconds(1));
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aMissingSocketGivesAnErrorNamingIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-server.sock");
        try (ProxiedMariaDb db = new ProxiedMariaDb("unixmissing", s -> s.withUpstreamSocket(missing))) {
            SQLException e = assertThrows(SQLException.class, () -> db.connect("").close());
            assertTrue(e.getMessage().contains("unix:" + missing), e.getMessage());
        }
    }
}
