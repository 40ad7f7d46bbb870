package io.turnout.proxy.mysql;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.turnout.proxy.config.Upstream;
import io.turnout.proxy.route.StatementPlanner;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A MySQL listener whose server connections go through the server's Unix-domain socket: Connector/J over TCP to the
 * proxy, prepared and text statements, the server seeing socket sessions (host {@code localhost}), KILL QUERY from a
 * second connection, a wrong password, and a listener on NIO refusing such an upstream at start.
 */
class MySqlUnixSocketIT {

    private static final String OPTIONS = "useSSL=false&allowPublicKeyRetrieval=true";

    private static EventLoopGroup boss;
    private static EventLoopGroup workers;
    private static MySqlListener listener;
    private static DbEndpoint direct;
    private static DbEndpoint proxied;
    private static Path socket;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Epoll.isAvailable(), "a Unix-socket upstream needs the native epoll transport");
        socket = DatabaseHarness.mysql().socket().orElse(null);
        assumeTrue(socket != null, "the harness did not start the MariaDB server, so its socket is unknown");
        direct = DatabaseHarness.mysql().freshDatabase("unix socket");
        boss = new EpollEventLoopGroup(1);
        workers = new EpollEventLoopGroup(2);
        listener = new MySqlListener(overSocket(), boss, workers, StatementPlanner.PASS_THROUGH);
        proxied = direct.withHostPort("127.0.0.1", listener.start());
    }

    private static MySqlListenerSettings overSocket() {
        return MySqlListenerSettings.defaults(direct.host(), direct.port()).withUpstream(Upstream.unix(socket));
    }

    @AfterAll
    static void stop() {
        if (listener != null) {
            listener.close(Duration.ofSeconds(1));
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void sessionsReachTheServerThroughItsSocket() throws Exception {
        for (String prepared : new String[] {"true", "false"}) {
            try (Connection c = proxied.connect(OPTIONS + "&useServerPrepStmts=" + prepared);
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t_" + prepared + " (id int PRIMARY KEY, v varchar(20))");
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO t_" + prepared + " VALUES (?, ?)")) {
                    for (int i = 1; i <= 30; i++) {
                        ins.setInt(1, i);
                        ins.setString(2, "v" + i);
                        assertEquals(1, ins.executeUpdate());
                    }
                }
                try (PreparedStatement q = c.prepareStatement("SELECT v FROM t_" + prepared + " WHERE id = ?")) {
                    q.setInt(1, 17);
                    try (ResultSet rs = q.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("v17", rs.getString(1));
                    }
                }
                try (ResultSet rs = s.executeQuery(
                        "SELECT host FROM information_schema.processlist WHERE id = CONNECTION_ID()")) {
                    rs.next();
                    assertEquals("localhost", rs.getString(1), "a socket session's host is localhost");
                }
            }
        }
    }

    @Test
    void killQueryFromASecondConnectionReachesTheSessionBehindTheSocket() throws Exception {
        try (Connection c = proxied.connect(OPTIONS); Statement s = c.createStatement()) {
            CompletableFuture<Long> slept = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rs = s.executeQuery("SELECT SLEEP(30)")) {
                    rs.next();
                    return rs.getLong(1);
                } catch (SQLException e) {
                    return -1L;
                }
            });
            Thread.sleep(500);
            long start = System.nanoTime();
            s.cancel();
            long result = slept.get(5, TimeUnit.SECONDS);
            assertTrue(result == 1 || result == -1, "SLEEP was interrupted (1) or the query killed, got " + result);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_000, "cancel within a second");
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheServerBehindTheSocket() {
        SQLException e = assertThrows(SQLException.class,
                () -> proxied.withUser(direct.user(), "not-the-password").connect(OPTIONS).close());
        assertEquals(1045, e.getErrorCode(), e.getMessage());
    }

    @Test
    void aListenerOnNioRefusesASocketUpstream() {
        EventLoopGroup nio = new NioEventLoopGroup(1);
        try {
            MySqlListener l = new MySqlListener(overSocket(), nio, nio, StatementPlanner.PASS_THROUGH);
            IllegalStateException e = assertThrows(IllegalStateException.class, l::start);
            assertTrue(e.getMessage().contains("unix:" + socket) && e.getMessage().contains("epoll"),
                    e.getMessage());
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
