package io.turnout.proxy.pg;

import io.netty.channel.epoll.Epoll;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A listener whose server connections go through PostgreSQL's Unix-domain socket ({@code upstream: unix:/...}):
 * clients still connect over TCP and SCRAM really runs (the harness's server asks for passwords on its socket too);
 * the server sees socket sessions; cancel requests reach the server through the socket; a missing socket file is a
 * clean 08006 naming it. Needs the harness to have started the server (only then is its socket known) and epoll.
 */
class PgUnixSocketIT {

    private static PgProxyFixture proxy;
    private static Path socket;

    @BeforeAll
    static void start() {
        assumeTrue(Epoll.isAvailable(), "a Unix-socket upstream needs the native epoll transport");
        socket = DatabaseHarness.postgres().socket().orElse(null);
        assumeTrue(socket != null, "the harness did not start the PostgreSQL server, so its socket is unknown");
        proxy = PgProxyFixture.overSocket(DatabaseHarness.postgres().freshDatabase("unix socket"), socket);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void sessionsReachTheServerThroughItsSocket() throws Exception {
        try (Connection c = proxy.connect("sslmode=disable&prepareThreshold=1"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                for (int i = 1; i <= 50; i++) {
                    ins.setInt(1, i);
                    ins.setString(2, "v" + i);
                    ins.addBatch();
                }
                assertEquals(50, ins.executeBatch().length);
            }
            try (PreparedStatement q = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                for (int i = 1; i <= 50; i += 7) {
                    q.setInt(1, i);
                    try (ResultSet rs = q.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("v" + i, rs.getString(1));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT inet_client_addr(), current_user")) {
                rs.next();
                assertNull(rs.getString(1), "a session over the socket has no client address on the server");
                assertEquals(proxy.direct().user(), rs.getString(2));
            }
        }
        try (Connection direct = proxy.direct().connect(); Statement s = direct.createStatement();
             ResultSet rs = s.executeQuery("SELECT inet_client_addr()")) {
            rs.next();
            assertEquals("127.0.0.1", rs.getString(1), "while a direct pgjdbc session is TCP");
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheServerBehindTheSocket() {
        DbEndpoint wrong = proxy.proxied().withUser(proxy.direct().user(), "not-the-password");
        SQLException e = assertThrows(SQLException.class, () -> wrong.connect("sslmode=disable").close());
        assertEquals("28P01", e.getSQLState(), e.getMessage());
    }

    @Test
    void aCancelRequestReachesTheServerThroughTheSocket() throws Exception {
        try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
            CompletableFuture<String> failed = CompletableFuture.supplyAsync(() -> {
                try {
                    s.execute("SELECT pg_sleep(30)");
                    return "not cancelled";
                } catch (SQLException e) {
                    return e.getSQLState();
                }
            });
            Thread.sleep(500);
            s.cancel();
            assertEquals("57014", failed.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aMissingSocketFileIsAConnectionFailureNamingIt() throws Exception {
        Path nowhere = socket.resolveSibling(".s.PGSQL.1");
        try (PgProxyFixture broken = PgProxyFixture.overSocket(proxy.direct(), nowhere)) {
            SQLException e = assertThrows(SQLException.class, () -> broken.connect().close());
            assertEquals("08006", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("unix:" + nowhere), e.getMessage());
            try (Connection c = proxy.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next(), "the other listener keeps serving");
            }
        }
    }
}
