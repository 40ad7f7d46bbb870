package io.turnout.proxy.pg;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an application does with pgjdbc, done through the proxy against the real server. */
@ExtendWith(NoLeakReports.class)
class PgJdbcThroughProxyIT {

    private static PgProxyFixture proxy;

    @BeforeAll
    static void start() {
        proxy = PgProxyFixture.start("jdbc");
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void serverSidePreparedStatementAfterPrepareThreshold() throws SQLException {
        try (Connection c = proxy.connect("sslmode=disable&prepareThreshold=3");
             PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
            for (int i = 0; i < 5; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(i + 1, rs.getInt(1));
                }
            }
            assertTrue(ps.unwrap(PGStatement.class).isUseServerPrepare(), "statement should be server-prepared");
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_prepared_statements "
                         + "WHERE statement LIKE 'SELECT $1::int + 1%'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the named statement lives on the server session behind the proxy");
            }
        }
    }

    @Test
    void batchInsert() throws SQLException {
        try (Connection c = proxy.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE batch_t (id int PRIMARY KEY, name text)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_t VALUES (?, ?)")) {
                for (int i = 0; i < 2_000; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "name-" + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(2_000, counts.length);
            }
            c.commit();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*), sum(id), max(name) FROM batch_t")) {
                rs.next();
                assertEquals(2_000, rs.getInt(1));
                assertEquals(1_999L * 2_000 / 2, rs.getLong(2));
                assertEquals("name-999", rs.getString(3));
            }
        }
    }

    @Test
    void copyInAndOut() throws Exception {
        try (Connection c = proxy.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE copy_t (id int, payload text)");
            }
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < 50_000; i++) {
                csv.append(i).append(",row ").append(i).append(" ü\n");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long in = copy.copyIn("COPY copy_t FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
            assertEquals(50_000, in);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long outRows = copy.copyOut("COPY (SELECT * FROM copy_t ORDER BY id) TO STDOUT (FORMAT csv)", out);
            assertEquals(50_000, outRows);
            assertArrayEquals(csv.toString().getBytes(StandardCharsets.UTF_8), out.toByteArray(),
                    "COPY OUT returns exactly what COPY IN stored");
        }
    }

    @Test
    void streamsAMillionRowsWithFetchSize() throws SQLException {
        try (Connection c = proxy.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(5_000);
                long count = 0;
                long sum = 0;
                try (ResultSet rs = s.executeQuery("SELECT g, md5(g::text) FROM generate_series(1, 1000000) g")) {
                    while (rs.next()) {
                        count++;
                        sum += rs.getLong(1);
                        if (count == 1) {
                            assertEquals("c4ca4238a0b923820dcc509a6f75849b", rs.getString(2));
                        }
                    }
                }
                assertEquals(1_000_000, count);
                assertEquals(1_000_000L * 1_000_001 / 2, sum);
            }
            c.commit();
        }
    }

    @Test
    void listenNotifyAcrossTwoConnections() throws Exception {
        try (Connection listener = proxy.connect(); Connection notifier = proxy.connect()) {
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN turnout_channel");
            }
            try (Statement s = notifier.createStatement()) {
                s.execute("NOTIFY turnout_channel, 'hello through the proxy'");
            }
            PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(5_000);
            assertNotNull(got, "no notification within 5 s");
            assertEquals(1, got.length);
            assertEquals("turnout_channel", got[0].getName());
            assertEquals("hello through the proxy", got[0].getParameter());
        }
    }

    @Test
    void errorInsideATransactionThenRollback() throws SQLException {
        try (Connection c = proxy.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE tx_t (id int PRIMARY KEY)");
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO tx_t VALUES (1)");
                PSQLException dup = assertThrows(PSQLException.class, () -> s.execute("INSERT INTO tx_t VALUES (1)"));
                assertEquals("23505", dup.getSQLState());
                PSQLException aborted = assertThrows(PSQLException.class, () -> s.execute("SELECT 1"));
                assertEquals("25P02", aborted.getSQLState(), "the transaction is aborted until ROLLBACK");
            }
            c.rollback();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM tx_t")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }

    @Test
    void proxyHandsOutItsOwnBackendKey() throws SQLException {
        try (Connection c = proxy.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            int serverPid = rs.getInt(1);
            int clientSees = c.unwrap(PGConnection.class).getBackendPID();
            assertTrue(clientSees != serverPid, "the client must see the proxy's key, not the server's process id");
        }
    }

    @Test
    void twoHundredConcurrentConnections() throws Exception {
        int n = 200;
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch allOpen = new CountDownLatch(n);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            List<Connection> open = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < n; i++) {
                int id = i;
                results.add(pool.submit(() -> {
                    Connection c = proxy.connect();
                    open.add(c);
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + id)) {
                        rs.next();
                        allOpen.countDown();
                        return rs.getInt(1);
                    }
                }));
            }
            assertTrue(allOpen.await(60, TimeUnit.SECONDS), "200 connections did not all open and query");
            assertTrue(proxy.serverSessions() >= n, "each client has its own server session");
            for (int i = 0; i < n; i++) {
                assertEquals(i, results.get(i).get());
            }
            synchronized (open) {
                for (Connection c : open) {
                    c.close();
                }
            }
            assertEquals(0, proxy.awaitActiveSessions(0, Duration.ofSeconds(10)));
            assertEquals(0, proxy.awaitServerSessions(0, Duration.ofSeconds(10)));
            assertEquals(0, proxy.listener().registeredCancelKeys());
        } finally {
            pool.shutdownNow();
        }
    }
}
