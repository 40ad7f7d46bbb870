package io.turnout.proxy.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.JdbcConnection;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.turnout.proxy.pg.NoLeakReports;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connector/J through the proxy against the harness's real MariaDB / MySQL. */
@ExtendWith(NoLeakReports.class)
class MySqlConnectorJIT {
    private static final long MANY_ROWS = 1_100_000;
    static ProxiedMariaDb db;

    @BeforeAll
    static void start() throws Exception {
        open(new ProxiedMariaDb("connectorj"));
    }

    static void open(ProxiedMariaDb proxied) throws SQLException {
        db = proxied;
        try (Connection c = db.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(100), price DECIMAL(10,2),"
                    + " created DATETIME(3), data LONGBLOB)");
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void clientsSeeTheProxyConnectionId() throws SQLException {
        try (Connection c = db.connect(""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            long serverId = rs.getLong(1);
            long proxyId = c.unwrap(JdbcConnection.class).getId();
            assertEquals(serverId, db.listener.connectionRegistry().serverThreadId(proxyId).orElseThrow());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void preparedStatements(boolean serverSide) throws SQLException {
        try (Connection c = db.connect("useServerPrepStmts=" + serverSide + "&cachePrepStmts=true")) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO item (name, price, created) VALUES (?, ?, NOW(3))")) {
                for (int i = 0; i < 20; i++) {
                    ps.setString(1, "ps-" + serverSide + "-" + i + "-é");
                    ps.setBigDecimal(2, new java.math.BigDecimal(i + ".25"));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT name, price FROM item WHERE name LIKE ? ORDER BY id")) {
                for (int round = 0; round < 3; round++) {
                    ps.setString(1, "ps-" + serverSide + "-%");
                    try (ResultSet rs = ps.executeQuery()) {
                        int n = 0;
                        while (rs.next()) {
                            assertEquals("ps-" + serverSide + "-" + n + "-é", rs.getString(1));
                            assertEquals(new java.math.BigDecimal(n + ".25"), rs.getBigDecimal(2));
                            n++;
                        }
                        assertEquals(20, n);
                    }
                }
            }
        }
    }

    @Test
    void rewrittenBatchInsert() throws SQLException {
        try (Connection c = db.connect("rewriteBatchedStatements=true")) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO item (name, price) VALUES (?, ?)")) {
                for (int i = 0; i < 20_000; i++) {
                    ps.setString(1, "batch-" + i);
                    ps.setInt(2, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(price) FROM item WHERE name LIKE 'batch-%'")) {
                rs.next();
                assertEquals(20_000, rs.getInt(1));
                assertEquals(19_999L * 20_000 / 2, rs.getLong(2));
            }
        }
    }

    @Test
    void cursorFetchOverAMillionRows() throws SQLException {
        try (Connection c = db.connect("useCursorFetch=true&defaultFetchSize=5000");
                PreparedStatement ps = c.prepareStatement("SELECT seq, CONCAT('row-', seq) FROM seq_1_to_" + MANY_ROWS)) {
            ps.setFetchSize(5000);
            assertRows(ps.executeQuery());
        }
    }

    @Test
    void streamingResultOverAMillionRows() throws SQLException {
        try (Connection c = db.connect("");
                Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE);
            assertRows(s.executeQuery("SELECT seq, CONCAT('row-', seq) FROM seq_1_to_" + MANY_ROWS));
        }
    }

    private static void assertRows(ResultSet rs) throws SQLException {
        long count = 0;
        long sum = 0;
        try (rs) {
            while (rs.next()) {
                count++;
                sum += rs.getLong(1);
            }
        }
        assertEquals(MANY_ROWS, count);
        assertEquals(MANY_ROWS * (MANY_ROWS + 1) / 2, sum);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void fortyMegabyteBlobRoundTrips(boolean serverSide) throws Exception {
        byte[] blob = new byte[40 * 1024 * 1024];
        new Random(serverSide ? 1 : 2).nextBytes(blob);
        long id;
        try (Connection c = db.connect("useServerPrepStmts=" + serverSide)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO item (name, data) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "blob-" + serverSide);
                if (serverSide) {
                    ps.setBinaryStream(2, new ByteArrayInputStream(blob), blob.length); // COM_STMT_SEND_LONG_DATA
                } else {
                    ps.setBytes(2, blob);
                }
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT data, LENGTH(data) FROM item WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(blob.length, rs.getInt(2));
                    byte[] back;
                    try (InputStream in = rs.getBinaryStream(1)) {
                        back = in.readAllBytes();
                    }
                    assertArrayEquals(sha256(blob), sha256(back));
                }
            }
        }
    }

    @Test
    void cancelStopsSleepWithinOneSecond() throws Exception {
        try (Connection c = db.connect(""); Statement s = c.createStatement()) {
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(500);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            canceller.start();
            try (ResultSet rs = s.executeQuery("SELECT SLEEP(30)")) {
                // MariaDB answers an interrupted SLEEP with 1 instead of an error
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            } catch (SQLException cancelled) {
                assertTrue(cancelled.getMessage().toLowerCase().contains("cancel")
                        || cancelled.getErrorCode() == 1317, cancelled.toString());
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            canceller.join();
            assertTrue(elapsedMs < 1500, "SLEEP(30) ended after " + elapsedMs + " ms, cancel sent at 500 ms");
            try (ResultSet rs = s.executeQuery("SELECT 42")) {
                rs.next();
                assertEquals(42, rs.getInt(1));
            }
        }
    }

    @Test
    void killOfAnUnknownProxyIdIsRefused() throws SQLException {
        try (Connection c = db.connect(""); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute("KILL QUERY 4000000000"));
            assertEquals(1094, e.getErrorCode());
            assertTrue(c.isValid(2));
        }
    }

    @Test
    void killConnectionByProxyIdClosesThatConnection() throws SQLException {
        try (Connection victim = db.connect(""); Connection killer = db.connect("");
                Statement s = killer.createStatement()) {
            long proxyId = victim.unwrap(JdbcConnection.class).getId();
            s.execute("KILL CONNECTION " + proxyId);
            assertFalse(victim.isValid(2));
            assertTrue(killer.isValid(2));
        }
    }

    @Test
    void wrongPasswordGetsClean1045() {
        SQLException e = assertThrows(SQLException.class, () -> java.sql.DriverManager.getConnection(
                db.proxied.jdbcUrl(""), db.proxied.user(), "not-the-password"));
        assertEquals(1045, e.getErrorCode());
        assertEquals("28000", e.getSQLState());
    }

    @Test
    void multiStatementsAndMultipleResults() throws SQLException {
        try (Connection c = db.connect("allowMultiQueries=true"); Statement s = c.createStatement()) {
            boolean isResult = s.execute("SELECT 1; UPDATE item SET price = price WHERE id < 0; SELECT 2, 'two'");
            assertTrue(isResult);
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            assertFalse(s.getMoreResults());
            assertEquals(0, s.getUpdateCount());
            assertTrue(s.getMoreResults());
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                assertEquals("two", rs.getString(2));
            }
            assertFalse(s.getMoreResults());
            assertEquals(-1, s.getUpdateCount());
        }
    }

    @Test
    void utilityCommands(@TempDir Path dir) throws Exception {
        try (Connection c = db.connect("allowLoadLocalInfile=true")) {
            JdbcConnection jc = c.unwrap(JdbcConnection.class);
            assertTrue(c.isValid(2)); // COM_PING
            c.setCatalog("information_schema"); // COM_INIT_DB
            assertEquals("information_schema", c.getCatalog());
            c.setCatalog(db.direct.database());
            jc.resetServerState(); // COM_RESET_CONNECTION where supported
            jc.changeUser(db.direct.user(), db.direct.password()); // COM_CHANGE_USER
            assertNotEquals(0, jc.getId());
            Path file = dir.resolve("rows.tsv");
            Files.writeString(file, "local-1\t1.5\nlocal-2\t2.5\n", StandardCharsets.UTF_8);
            try (Statement s = c.createStatement()) {
                int n = s.executeUpdate("LOAD DATA LOCAL INFILE '" + file.toString().replace("\\", "/")
                        + "' INTO TABLE item (name, price)");
                assertEquals(2, n);
                try (ResultSet rs = s.executeQuery("SELECT SUM(price) FROM item WHERE name LIKE 'local-%'")) {
                    rs.next();
                    assertEquals(4.0, rs.getDouble(1), 1e-9);
                }
            }
        }
    }

    private static byte[] sha256(byte[] in) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(in);
    }
}
