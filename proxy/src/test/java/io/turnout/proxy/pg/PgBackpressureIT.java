package io.turnout.proxy.pg;

import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import io.turnout.testkit.DatabaseHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that reads a 300 MB COPY OUT slowly: the proxy must stop reading from the server instead of buffering, so
 * its direct memory stays flat and the server ends up waiting to write to its socket ({@code ClientWrite}).
 */
@ExtendWith(NoLeakReports.class)
class PgBackpressureIT {

    private static final long BOUND_BYTES = 32L * 1024 * 1024;

    private static PgProxyFixture proxy;

    @BeforeAll
    static void start() {
        proxy = PgProxyFixture.start("backpressure");
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void slowReaderOfAHugeCopyOutDoesNotGrowProxyMemory() throws Exception {
        ByteBufAllocatorMetric pooled = PooledByteBufAllocator.DEFAULT.metric();
        long before = pooled.usedDirectMemory() + pooled.usedHeapMemory();
        long beforeUnpooled = PlatformDependent.usedDirectMemory();
        long peak = 0;
        long received = 0;
        try (RawPgClient c = RawPgClient.login(proxy.port(), proxy.direct())) {
            int serverPid = serverPidOf(c);
            c.query("COPY (SELECT repeat('x', 1000) FROM generate_series(1, 300000)) TO STDOUT");
            byte[] buffer = new byte[16 * 1024];
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                int n = c.readRaw(buffer);
                assertTrue(n > 0, "the COPY OUT stream ended early");
                received += n;
                Thread.sleep(5);
                long used = pooled.usedDirectMemory() + pooled.usedHeapMemory() - before;
                peak = Math.max(peak, used);
            }
            assertTrue(received > 1_000_000, "the slow reader got data (" + received + " bytes)");
            assertTrue(received < 100_000_000, "the reader should be slow, got " + received + " bytes");
            assertEquals("ClientWrite", awaitWaitEvent(serverPid, "ClientWrite"),
                    "the server blocks writing to the proxy: backpressure reaches it");
            long unpooledGrowth = PlatformDependent.usedDirectMemory() - beforeUnpooled;
            System.out.printf("backpressure: client read %d KiB in 3 s; proxy pooled memory peak +%d KiB, "
                    + "direct +%d KiB%n", received / 1024, peak / 1024, unpooledGrowth / 1024);
            assertTrue(peak < BOUND_BYTES, "pooled buffer memory grew by " + peak / 1024 + " KiB while a client read "
                    + received / 1024 + " KiB of a 300 MB COPY OUT");
            assertTrue(unpooledGrowth < BOUND_BYTES, "direct memory grew by " + unpooledGrowth / 1024 + " KiB");
        }
        assertEquals(0, proxy.awaitActiveSessions(0, Duration.ofSeconds(5)));
        assertEquals(0, proxy.awaitServerSessions(0, Duration.ofSeconds(10)),
                "closing the slow client ends its server session");
    }

    private static int serverPidOf(RawPgClient c) throws Exception {
        c.query("SELECT pg_backend_pid()");
        RawPgClient.Message row = c.readUntil('D');
        c.readUntil('Z');
        byte[] p = row.payload();
        int len = ((p[2] & 0xFF) << 24) | ((p[3] & 0xFF) << 16) | ((p[4] & 0xFF) << 8) | (p[5] & 0xFF);
        return Integer.parseInt(new String(p, 6, len, java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static String awaitWaitEvent(int pid, String expected) throws Exception {
        String last = null;
        try (Connection admin = DatabaseHarness.postgres().admin().connect();
             PreparedStatement ps = admin.prepareStatement("SELECT wait_event FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            for (int i = 0; i < 50 && !expected.equals(last); i++) {
                try (ResultSet rs = ps.executeQuery()) {
                    last = rs.next() ? rs.getString(1) : "(no such backend)";
                }
                if (!expected.equals(last)) {
                    Thread.sleep(100);
                }
            }
        }
        return last;
    }
}
