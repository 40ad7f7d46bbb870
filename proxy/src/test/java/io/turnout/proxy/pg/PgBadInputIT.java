package io.turnout.proxy.pg;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raw sockets sending what no driver sends. Each bad client gets an ErrorResponse 08P01 (when the stream allows one)
 * and is closed; a pgjdbc session opened before keeps working, and no server session or buffer is leaked.
 */
@ExtendWith(NoLeakReports.class)
class PgBadInputIT {

    static final int MAX_MESSAGE = 64 * 1024;

    static PgProxyFixture proxy;
    private static Connection bystander;
    private static int baselineServerSessions;

    @BeforeAll
    static void start() throws Exception {
        started(PgProxyFixture.start("bad_input", io.turnout.proxy.config.TlsConfig.NONE,
                PgProxyFixture.limits(MAX_MESSAGE, 100)));
    }

    static void started(PgProxyFixture fixture) throws Exception {
        proxy = fixture;
        bystander = proxy.connect();
        baselineServerSessions = proxy.serverSessions();
        assertEquals(1, baselineServerSessions);
    }

    @AfterAll
    static void stop() throws Exception {
        bystander.close();
        assertEquals(0, proxy.awaitActiveSessions(0, Duration.ofSeconds(5)));
        assertEquals(0, proxy.awaitCancelKeys(0, Duration.ofSeconds(5)));
        proxy.close();
    }

    @AfterEach
    void othersUnharmedAndNothingLeaked() throws Exception {
        try (Statement s = bystander.createStatement(); ResultSet rs = s.executeQuery("SELECT 'still here'")) {
            rs.next();
            assertEquals("still here", rs.getString(1));
        }
        assertEquals(baselineServerSessions, proxy.awaitServerSessions(baselineServerSessions, Duration.ofSeconds(5)),
                "server sessions back to baseline");
        assertEquals(1, proxy.awaitActiveSessions(1, Duration.ofSeconds(5)), "only the bystander is left");
        assertEquals(1, proxy.awaitCancelKeys(1, Duration.ofSeconds(5)), "only the bystander's cancel key is left");
    }

    @Test
    void garbageBytesInsteadOfAStartupPacket() throws Exception {
        try (RawPgClient c = RawPgClient.connect(proxy.port())) {
            c.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertProtocolViolation(c, "startup packet");
        }
    }

    @Test
    void aQueryBeforeTheStartupMessage() throws Exception {
        try (RawPgClient c = RawPgClient.connect(proxy.port())) {
            c.send(RawPgClient.frame('Q', RawPgClient.cstring("SELECT 1")));
            assertProtocolViolation(c, "startup packet");
        }
    }

    @Test
    void anUnknownProtocolVersion() throws Exception {
        try (RawPgClient c = RawPgClient.connect(proxy.port())) {
            c.send(ByteBuffer.allocate(9).putInt(9).putInt(2 << 16).put((byte) 0).array());
            assertProtocolViolation(c, "protocol");
        }
    }

    @Test
    void truncatedStartupThenClose() throws Exception {
        try (RawPgClient c = RawPgClient.connect(proxy.port())) {
            c.send(ByteBuffer.allocate(10).putInt(40).putInt(196608).put((byte) 'u').put((byte) 's').array());
            c.socket().shutdownOutput();
            assertTrue(c.closedByPeer(), "the proxy closes after the client went away");
        }
    }

    @Test
    void truncatedFrameAfterLoginThenClose() throws Exception {
        try (RawPgClient c = RawPgClient.login(proxy.port(), proxy.direct())) {
            assertEquals(2, proxy.serverSessions());
            byte[] full = RawPgClient.frame('Q', RawPgClient.cstring("SELECT 'this frame never ends'"));
            c.send(Arrays.copyOf(full, full.length / 2));
            c.socket().shutdownOutput();
            assertTrue(c.closedByPeer(), "the proxy closes after the client went away");
        }
    }

    @Test
    void oversizedFrameAfterLogin() throws Exception {
        try (RawPgClient c = RawPgClient.login(proxy.port(), proxy.direct())) {
            c.send(ByteBuffer.allocate(5 + 100).put((byte) 'Q').putInt(1 << 20).array());
            RawPgClient.Message m = assertProtocolViolation(c, "exceeds the limit of " + MAX_MESSAGE);
            assertTrue(m.field('M').contains("'Q'"), m.field('M'));
        }
    }

    @Test
    void oversizedFrameDuringAuthentication() throws Exception {
        try (RawPgClient c = RawPgClient.connect(proxy.port())) {
            c.startup(proxy.direct().user(), proxy.direct().database());
            assertEquals('R', c.read().type(), "the server asks for SASL");
            c.send(ByteBuffer.allocate(5).put((byte) 'p').putInt(MAX_MESSAGE * 4).array());
            assertProtocolViolation(c, "exceeds the limit");
        }
    }

    @Test
    void unknownMessageTypeAfterLogin() throws Exception {
        try (RawPgClient c = RawPgClient.login(proxy.port(), proxy.direct())) {
            c.send(RawPgClient.frame('z', new byte[] {1, 2, 3}));
            RawPgClient.Message m = assertProtocolViolation(c, "unknown frontend message type");
            assertTrue(m.field('M').contains("'z'"), m.field('M'));
        }
    }

    @Test
    void negativeLengthAfterLogin() throws Exception {
        try (RawPgClient c = RawPgClient.login(proxy.port(), proxy.direct())) {
            c.send(ByteBuffer.allocate(5).put((byte) 'Q').putInt(-7).array());
            assertProtocolViolation(c, "invalid length");
        }
    }

    @Test
    void randomGarbageFromManyClients() throws Exception {
        Random random = new Random(20240611);
        for (int i = 0; i < 40; i++) {
            try (RawPgClient c = RawPgClient.connect(proxy.port())) {
                byte[] junk = new byte[4 + random.nextInt(300)];
                random.nextBytes(junk);
                if (i % 2 == 1) {
                    // a plausible startup length with a random body: reaches the StartupPacket classifier
                    ByteBuffer.wrap(junk).putInt(Math.max(8, Math.min(junk.length, 8 + random.nextInt(200))));
                }
                c.send(junk);
                c.socket().shutdownOutput();
                RawPgClient.Message m = c.readOrNull();
                if (m != null) {
                    assertEquals('E', m.type(), "only an ErrorResponse may come back to garbage, got " + m.type());
                    assertEquals("08P01", m.field('C'));
                }
                assertTrue(c.closedByPeer(), "garbage client " + i + " was not closed");
            }
        }
    }

    private static RawPgClient.Message assertProtocolViolation(RawPgClient c, String messagePart) throws IOException {
        RawPgClient.Message m = c.read();
        assertEquals('E', m.type(), "expected an ErrorResponse");
        assertEquals("08P01", m.field('C'), m.field('M'));
        assertEquals("FATAL", m.field('S'));
        assertNotNull(m.field('M'));
        assertTrue(m.field('M').contains(messagePart), "message '" + m.field('M') + "' should mention " + messagePart);
        assertTrue(c.closedByPeer(), "the proxy closes the connection after a protocol violation");
        return m;
    }
}
