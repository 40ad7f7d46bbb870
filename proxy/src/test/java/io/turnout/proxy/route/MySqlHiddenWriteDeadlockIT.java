package io.turnout.proxy.route;

import io.turnout.proxy.pg.NoLeakReports;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deadlock that hits a hidden dual write inside the client's own transaction, through the proxy on real MariaDB:
 * the server rolls the whole transaction back, so the proxy's {@code ROLLBACK TO SAVEPOINT} fails too (1305). The
 * client hears the deadlock (1213, SQLSTATE 40001), its session stays usable, and the second ERR is released
 * (Netty leak detection paranoid, checked by {@link NoLeakReports}).
 */
@ExtendWith(NoLeakReports.class)
class MySqlHiddenWriteDeadlockIT {

    @Test
    void clientHearsTheDeadlockOfItsHiddenWrite() throws Exception {
        DbEndpoint direct = DatabaseHarness.mysql().freshDatabase("my hidden deadlock");
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            RoutedMySqlProxy.createSplitTables(s);
            s.execute("INSERT INTO users (id, name, bio) SELECT seq, concat('user ', seq), 'bio' FROM seq_1_to_50");
            s.execute("INSERT INTO user_profiles (user_id, bio, avatar_url) SELECT id, bio, avatar_url FROM users");
        }
        ProxyServer server = RoutedMySqlProxy.startSplitTableInDualWrite(direct);
        // the other transaction's UPDATE runs on a thread this test owns and shuts down (once, on 2 Dec, the lock
        // wait was not seen within 5 s and the test then hung 50 s, innodb_lock_wait_timeout, closing the statement)
        ExecutorService otherThread = Executors.newSingleThreadExecutor();
        DbEndpoint proxied = direct.withHostPort("127.0.0.1", server.listener("my").boundPort());
        try (Connection client = proxied.connect("useServerPrepStmts=false");
             Connection other = direct.connect();
             Statement cs = client.createStatement();
             Statement os = other.createStatement()) {
            client.setAutoCommit(false);
            other.setAutoCommit(false);
            // the other transaction is the heavier one, so InnoDB picks the client's as the victim
            os.execute("UPDATE user_profiles SET bio = 'heavy' WHERE user_id BETWEEN 10 AND 40");
            cs.execute("UPDATE users SET name = 'mine' WHERE id = 3");
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    os.execute("UPDATE users SET name = 'theirs' WHERE id = 3"); // waits for the client
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, otherThread);
            awaitLockWait(direct);
            // the hidden DELETE of profile 20 waits for the other transaction: a cycle
            SQLException e = assertThrows(SQLException.class, () -> cs.execute("DELETE FROM users WHERE id = 20"));
            assertEquals(1213, e.getErrorCode(), e.getMessage());
            assertEquals("40001", e.getSQLState());
            client.rollback();
            waiting.get(10, TimeUnit.SECONDS);
            other.rollback();
            try (ResultSet rs = cs.executeQuery("SELECT count(*) FROM user_profiles WHERE user_id = 20")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1), "the client's transaction was rolled back whole");
            }
            client.commit();
        } finally {
            otherThread.shutdownNow();
            server.shutdown(Duration.ofSeconds(1));
        }
    }

    private static void awaitLockWait(DbEndpoint direct) throws Exception {
        try (Connection admin = DatabaseHarness.mysql().admin().connect(); Statement s = admin.createStatement()) {
            for (int i = 0; i < 200; i++) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.innodb_trx"
                        + " WHERE trx_state = 'LOCK WAIT'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(25);
            }
            // what the server saw instead: the cause of the rare failures seen on 2 and 3 Dec is still open
            StringBuilder seen = new StringBuilder();
            try (ResultSet rs = s.executeQuery("SELECT trx_mysql_thread_id, trx_state, trx_query"
                    + " FROM information_schema.innodb_trx")) {
                while (rs.next()) {
                    seen.append("\n  trx of thread ").append(rs.getLong(1)).append(": ").append(rs.getString(2))
                            .append(" ").append(rs.getString(3));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT id, command, state, info FROM information_schema.processlist")) {
                while (rs.next()) {
                    seen.append("\n  thread ").append(rs.getLong(1)).append(": ").append(rs.getString(2))
                            .append(" / ").append(rs.getString(3)).append(" / ").append(rs.getString(4));
                }
            }
            throw new AssertionError("the other transaction never waited for the client's lock; the server had:"
                    + seen);
        }
    }
}
