package io.turnout.proxy.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnout.protocol.mysql.ErrPacket;
import io.turnout.protocol.mysql.HandshakeV10;
import io.netty.buffer.Unpooled;
import io.turnout.testkit.DbEndpoint;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bad input, limits, concurrency, TLS toward clients and graceful shutdown, against the real server. */
class MySqlLimitsIT {

    @Test
    void twoHundredConcurrentConnections() throws Exception {
        try (ProxiedMariaDb db = new ProxiedMariaDb("concurrent")) {
            int n = 200;
            CountDownLatch allOpen = new CountDownLatch(n);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<Long>> results = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    results.add(pool.submit(() -> {
                        try (Connection c = db.connect(""); Statement s = c.createStatement()) {
                            allOpen.countDown();
                            assertTrue(allOpen.await(60, TimeUnit.SECONDS));
                            try (ResultSet rs = s.executeQuery("SELECT " + k + " + CONNECTION_ID() - CONNECTION_ID()")) {
                                rs.next();
                                return rs.getLong(1);
                            }
                        }
                    }));
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(i, results.get(i).get(90, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            awaitNoConnections(db);
        }
    }

    @Test
    void garbageGetsErr08S01AndOthersKeepBeingServed() throws Exception {
        try (ProxiedMariaDb db = new ProxiedMariaDb("garbage");
                Connection bystander = db.connect("")) {
            try (Socket raw = new Socket("127.0.0.1", db.proxied.port())) {
                readPacket(raw.getInputStream()); // greeting
                OutputStream out = raw.getOutputStream();
                out.write(new byte[] {5, 0, 0, 1, 'h', 'e', 'l', 'l', 'o'}); // not a HandshakeResponse41
                out.flush();
                ErrPacket err = ErrPacket.decode(Unpooled.wrappedBuffer(readPacket(raw.getInputStream())));
                assertEquals("08S01", err.sqlState());
                assertTrue(err.message().contains("malformed"), err.message());
                assertEquals(-1, raw.getInputStream().read(), "connection closed after the ERR packet");
            }
            try (Statement s = bystander.createStatement(); ResultSet rs = s.executeQuery("SELECT 7")) {
                rs.next();
                assertEquals(7, rs.getInt(1));
            }
            awaitConnections(db, 1);
        }
    }

    @Test
    void oversizedPacketGetsErr1153() throws Exception {
        try (ProxiedMariaDb db = new ProxiedMariaDb("oversize",
                s -> s.withLimits(64 * 1024, 10, Duration.ofSeconds(5), Duration.ZERO));
                Connection c = db.connect("maxAllowedPacket=1048576")) {
            try (Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class,
                        () -> s.executeQuery("SELECT '" + "x".repeat(100_000) + "'"));
                assertTrue(e.getMessage().contains("maxPacketBytes") || e.getSQLState().startsWith("08"),
                        e.toString());
            }
            awaitNoConnections(db);
        }
    }

    @Test
    void maxClientConnectionsGivesErr1040() throws Exception {
        try (ProxiedMariaDb db = new ProxiedMariaDb("maxclients",
                s -> s.withLimits(MySqlListenerSettings.DEFAULT_MAX_PACKET_BYTES, 2, Duration.ofSeconds(5),
                        Duration.ZERO));
                Connection one = db.connect(""); Connection two = db.connect("")) {
            SQLException e = assertThrows(SQLException.class, () -> db.connect(""));
            assertEquals(1040, e.getErrorCode(), e.toString());
            assertTrue(one.isValid(2) && two.isValid(2));
        }
    }

    @Test
    void unreachableServerGivesErrWithTheAddress() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DbEndpoint direct = ProxiedMariaDb.admin();
        io.netty.channel.nio.NioEventLoopGroup group = new io.netty.channel.nio.NioEventLoopGroup(1);
        MySqlListener listener = new MySqlListener(MySqlListenerSettings.defaults("127.0.0.1", closedPort), group, group);
        try {
            int port = listener.start();
            SQLException e = assertThrows(SQLException.class,
                    () -> direct.withHostPort("127.0.0.1", port).connect("connectTimeout=5000"));
            assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
        } finally {
            listener.close(Duration.ZERO);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void idleClientsAreClosed() throws Exception {
        try (ProxiedMariaDb db = new ProxiedMariaDb("idle",
                s -> s.withLimits(MySqlListenerSettings.DEFAULT_MAX_PACKET_BYTES, 10, Duration.ofSeconds(5),
                        Duration.ofMillis(500)));
                Connection c = db.connect("")) {
            Thread.sleep(1200);
            assertTrue(!c.isValid(2));
            awaitNoConnections(db);
        }
    }

    @Test
    void sslModeRequiredAgainstTheProxysCertificate() throws Exception {
        try (ProxiedMariaDb db = new ProxiedMariaDb("tls",
                s -> s.withClientTls(MySqlListenerSettings.ClientTls.selfSigned()));
                Connection c = db.connect("sslMode=REQUIRED");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT REPEAT('t', 100000)")) {
                rs.next();
                assertEquals(100000, rs.getString(1).length());
            }
            SQLException e = assertThrows(SQLException.class, () -> java.sql.DriverManager.getConnection(
                    db.proxied.jdbcUrl("sslMode=REQUIRED"), db.proxied.user(), "wrong"));
            assertEquals(1045, e.getErrorCode());
        }
    }

    @Test
    void gracefulShutdownLetsRunningQueriesFinish() throws Exception {
        ProxiedMariaDb db = new ProxiedMariaDb("graceful");
        try (Connection c = db.connect(""); Statement s = c.createStatement()) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Integer> slow = pool.submit(() -> {
                try (ResultSet rs = s.executeQuery("SELECT SLEEP(1) + 5")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            Thread.sleep(200);
            long start = System.nanoTime();
            Thread closer = new Thread(() -> db.listener.close(Duration.ofSeconds(3)));
            closer.start();
            assertEquals(5, slow.get(5, TimeUnit.SECONDS));
            Thread.sleep(100);
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", db.proxied.port()).close());
            c.close();
            closer.join();
            assertTrue((System.nanoTime() - start) / 1_000_000 < 3000, "shutdown waited for the idle client to leave");
            pool.shutdownNow();
        } finally {
            db.close();
        }
    }

    @Test
    void slowReaderOfALargeResultDoesNotGrowProxyMemory() throws Exception {
        try (ProxiedMariaDb db = new ProxiedMariaDb("backpressure");
                Connection c = db.connect("");
                Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE);
            io.netty.buffer.PooledByteBufAllocatorMetric metric = io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric();
            long before = metric.usedDirectMemory() + metric.usedHeapMemory();
            long peak = 0;
            long bytes = 0;
            try (ResultSet rs = s.executeQuery("SELECT REPEAT('x', 16384) FROM seq_1_to_12000")) { // ~200 MB
                for (int row = 0; rs.next(); row++) {
                    bytes += rs.getString(1).length();
                    if (row % 500 == 0) {
                        Thread.sleep(20); // a slow consumer: the server must wait, not the proxy's heap
                        peak = Math.max(peak, metric.usedDirectMemory() + metric.usedHeapMemory() - before);
                    }
                }
            }
            assertEquals(12000L * 16384, bytes);
            assertTrue(peak < 24L * 1024 * 1024, "proxy buffers grew by " + peak + " bytes for a 200 MB result");
        }
    }

    @Test
    void serverKillingTheSessionClosesTheClientAndLeaksNothing() throws Exception {
        try (ProxiedMariaDb db = new ProxiedMariaDb("serverdies")) {
            Connection c = db.connect("");
            long proxyId = c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId();
            long serverId = db.listener.connectionRegistry().serverThreadId(proxyId).orElseThrow();
            try (Connection admin = ProxiedMariaDb.admin().connect("useSSL=false"); Statement s = admin.createStatement()) {
                s.execute("KILL CONNECTION " + serverId);
            }
            try (Statement s = c.createStatement()) {
                assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
            }
            c.close();
            awaitNoConnections(db);
            try (Connection again = db.connect(""); Statement s = again.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 3")) {
                rs.next();
                assertEquals(3, rs.getInt(1));
            }
        }
    }

    static byte[] readPacket(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[4];
        data.readFully(header);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        byte[] payload = new byte[length];
        data.readFully(payload);
        return payload;
    }

    static HandshakeV10 greeting(Socket socket) throws IOException {
        return HandshakeV10.decode(Unpooled.wrappedBuffer(readPacket(socket.getInputStream())));
    }

    private static void awaitConnections(ProxiedMariaDb db, int expected) throws InterruptedException {
        for (int i = 0; i < 200 && db.listener.activeConnections() != expected; i++) {
            Thread.sleep(25);
        }
        assertEquals(expected, db.listener.activeConnections());
        assertEquals(expected, db.listener.connectionRegistry().size());
    }

    private static void awaitNoConnections(ProxiedMariaDb db) throws InterruptedException {
        awaitConnections(db, 0);
    }
}
