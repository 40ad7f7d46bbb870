package io.turnout.proxy.pg;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancel requests through the proxy's own keys, and graceful shutdown. */
@ExtendWith(NoLeakReports.class)
class PgCancelAndShutdownIT {

    private static PgProxyFixture proxy;

    @BeforeAll
    static void start() {
        proxy = PgProxyFixture.start("cancel");
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void statementCancelStopsPgSleepWithinASecond() throws Exception {
        try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
            CompletableFuture<Long> failedAt = CompletableFuture.supplyAsync(() -> {
                try {
                    s.execute("SELECT pg_sleep(30)");
                    throw new AssertionError("pg_sleep(30) was not cancelled");
                } catch (SQLException e) {
                    assertEquals("57014", e.getSQLState(), e.getMessage());
                    return System.nanoTime();
                }
            });
            Thread.sleep(500);
            long cancelledAt = System.nanoTime();
            s.cancel();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(failedAt.get(5, TimeUnit.SECONDS) - cancelledAt);
            assertTrue(tookMs < 1_000, "cancel took " + tookMs + " ms");
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the session is usable after the cancel");
            }
        }
    }

    @Test
    void aGuessedCancelKeyCancelsNothing() throws Exception {
        try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
            CompletableFuture<Integer> query = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rs = s.executeQuery("SELECT 5 FROM pg_sleep(1)")) {
                    rs.next();
                    return rs.getInt(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            try (Socket raw = new Socket("127.0.0.1", proxy.port())) {
                raw.getOutputStream().write(ByteBuffer.allocate(16).putInt(16).putInt(80877102)
                        .putInt(12345).putInt(67890).array());
                raw.setSoTimeout(5_000);
                assertEquals(-1, raw.getInputStream().read(), "the proxy closes a cancel connection");
            }
            assertEquals(5, query.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void gracefulShutdownLetsInFlightQueriesFinishAndRefusesNewClients() throws Exception {
        try (PgProxyFixture closing = PgProxyFixture.start("shutdown")) {
            Connection busy = closing.connect();
            Statement s = busy.createStatement();
            CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rs = s.executeQuery("SELECT 42 FROM pg_sleep(1.5)")) {
                    rs.next();
                    return rs.getInt(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            long start = System.nanoTime();
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> closing.shutdown(Duration.ofSeconds(4)));
            Thread.sleep(200);
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", closing.port()).close(),
                    "new clients are refused once shutdown began");
            assertEquals(42, inFlight.get(5, TimeUnit.SECONDS), "the in-flight query finished");
            assertFalse(shutdown.isDone(), "an idle session is given the grace period");
            shutdown.get(10, TimeUnit.SECONDS);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMs >= 3_500 && tookMs < 6_000, "shutdown took " + tookMs + " ms for a 4 s grace");
            SQLException after = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
            String state = String.valueOf(after.getSQLState());
            assertTrue(state.startsWith("08") || state.startsWith("57P"), state + " " + after.getMessage());
            assertEquals(0, closing.listener().activeSessions());
            assertEquals(0, closing.awaitServerSessions(0, Duration.ofSeconds(5)), "server sessions closed");
            busy.close();
        }
    }

    @Test
    void shutdownEndsAsSoonAsTheLastClientLeaves() throws Exception {
        try (PgProxyFixture closing = PgProxyFixture.start("shutdown_fast")) {
            Connection c = closing.connect();
            long start = System.nanoTime();
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> closing.shutdown(Duration.ofSeconds(20)));
            Thread.sleep(300);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 3")) {
                rs.next();
                assertEquals(3, rs.getInt(1), "sessions keep working during the grace period");
            }
            c.close();
            shutdown.get(5, TimeUnit.SECONDS);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000);
        }
    }
}
