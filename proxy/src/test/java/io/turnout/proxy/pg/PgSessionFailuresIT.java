package io.turnout.proxy.pg;

import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.Limits;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logins that fail, limits that are hit, servers that are missing or die: clean errors, nothing leaked. */
@ExtendWith(NoLeakReports.class)
class PgSessionFailuresIT {

    private static PgProxyFixture proxy;

    @BeforeAll
    static void start() {
        proxy = PgProxyFixture.start("failures");
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void wrongPasswordIsACleanInvalidPasswordError() throws Exception {
        DbEndpoint wrong = proxy.proxied().withUser(proxy.direct().user(), "not-the-password");
        PSQLException e = assertThrows(PSQLException.class, () -> wrong.connect("sslmode=disable").close());
        assertEquals("28P01", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
        assertEquals(0, proxy.awaitActiveSessions(0, Duration.ofSeconds(5)));
        assertEquals(0, proxy.listener().registeredCancelKeys());
    }

    @Test
    void clientConnectionLimitIsAClearTooManyConnectionsError() throws Exception {
        try (PgProxyFixture limited = PgProxyFixture.start("limit", io.turnout.proxy.config.TlsConfig.NONE,
                PgProxyFixture.limits(Limits.DEFAULTS.maxMessageBytes(), 2));
             Connection first = limited.connect(); Connection second = limited.connect()) {
            PSQLException e = assertThrows(PSQLException.class, () -> limited.connect().close());
            assertEquals("53300", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("at most 2 connections")
                    && e.getMessage().contains("limits.maxClientConnections"), e.getMessage());
            assertTrue(first.isValid(2) && second.isValid(2), "admitted sessions keep working");
            second.close();
            limited.awaitActiveSessions(1, Duration.ofSeconds(5));
            try (Connection third = limited.connect()) {
                assertTrue(third.isValid(2), "a freed slot is usable again");
            }
        }
    }

    @Test
    void unreachableUpstreamNamesTheAddress() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        HostPort nowhere = new HostPort("127.0.0.1", deadPort);
        try (PgProxyFixture orphan = PgProxyFixture.startInFrontOf("unreachable", nowhere, Limits.DEFAULTS)) {
            PSQLException e = assertThrows(PSQLException.class, () -> orphan.connect().close());
            assertEquals("08006", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1:" + deadPort), e.getMessage());
            assertEquals(0, orphan.awaitActiveSessions(0, Duration.ofSeconds(5)));
        }
    }

    @Test
    void serverKilledMidSessionFailsOnlyThatClient() throws Exception {
        int baselineKeys = proxy.listener().registeredCancelKeys();
        try (Connection victim = proxy.connect(); Connection bystander = proxy.connect()) {
            int pid;
            try (Statement s = victim.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            assertEquals(baselineKeys + 2, proxy.listener().registeredCancelKeys());
            try (Connection admin = DatabaseHarness.postgres().admin().connect();
                 Statement s = admin.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                rs.next();
                assertTrue(rs.getBoolean(1));
            }
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Statement s = victim.createStatement()) {
                    s.executeQuery("SELECT 1");
                }
            });
            assertNotNull(e.getSQLState());
            assertTrue(e.getSQLState().startsWith("57P01") || e.getSQLState().startsWith("08"),
                    "expected admin shutdown or connection failure, got " + e.getSQLState() + " " + e.getMessage());
            assertFalse(victim.isValid(1));
            try (Statement s = bystander.createStatement(); ResultSet rs = s.executeQuery("SELECT 7")) {
                rs.next();
                assertEquals(7, rs.getInt(1), "the other session keeps working");
            }
            assertEquals(1, proxy.awaitActiveSessions(1, Duration.ofSeconds(5)), "the victim's session is gone");
            assertEquals(baselineKeys + 1, proxy.awaitCancelKeys(baselineKeys + 1, Duration.ofSeconds(5)));
        }
        assertEquals(0, proxy.awaitActiveSessions(0, Duration.ofSeconds(5)));
        assertEquals(0, proxy.awaitCancelKeys(0, Duration.ofSeconds(5)), "no leaked cancel keys");
        assertEquals(0, proxy.awaitServerSessions(0, Duration.ofSeconds(5)), "no leaked server sessions");
    }
}
