package io.turnout.proxy.pg;

import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.TlsConfig.ServerTlsMode;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import io.turnout.testkit.EmbeddedServers;
import io.turnout.testkit.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * TLS between the proxy and the server ({@code tls.server.mode} require / verify-full) against a PostgreSQL of the
 * test's own with {@code ssl=on} and a certificate from a throw-away CA for {@code localhost} and 127.0.0.1; and SCRAM
 * channel binding with TLS on both legs: refused by the server unless the proxy shows clients the server's own
 * certificate ({@code tls.client.sameAsServer}).
 */
@ExtendWith(NoLeakReports.class)
class PgUpstreamTlsIT {

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static KeyPair serverKey;
    private static Path serverCert;
    private static Path serverKeyFile;
    private static Path caFile;
    private static RunningServer tlsServer;
    private static DbEndpoint db;

    @BeforeAll
    static void start() {
        pki = TestPki.create("upstream");
        serverKey = TestPki.rsaKey();
        serverCert = TestPki.writeCertificate(dir.resolve("server.crt"),
                pki.serverCertificate(serverKey, "localhost", "127.0.0.1"));
        serverKeyFile = TestPki.writeKey(dir.resolve("server.key"), serverKey);
        caFile = pki.writeCaCertificate(dir.resolve("root.crt"));
        tlsServer = EmbeddedServers.startPostgres(Map.of("ssl", "on", "ssl_cert_file", serverCert.toString(),
                "ssl_key_file", serverKeyFile.toString()));
        db = DatabaseHarness.over(tlsServer).freshDatabase("upstream_tls");
    }

    @AfterAll
    static void stop() {
        if (tlsServer != null) {
            tlsServer.close();
        }
    }

    private static HostPort upstream(String host) {
        return new HostPort(host, db.port());
    }

    private static TlsConfig towardServer(ServerTlsMode mode, Path ca) {
        return new TlsConfig(null, null, false, mode, ca);
    }

    @Test
    void requireEncryptsTheServerLeg() throws Exception {
        try (PgProxyFixture proxy = PgProxyFixture.inFrontOf(db, upstream("127.0.0.1"),
                towardServer(ServerTlsMode.REQUIRE, null));
             Connection c = proxy.connect()) {
            assertEquals("true", serverSideSsl(c), "pg_stat_ssl of the proxy's server session");
        }
    }

    @Test
    void verifyFullWithTheCaAcceptsTheServerByNameAndByAddress() throws Exception {
        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            try (PgProxyFixture proxy = PgProxyFixture.inFrontOf(db, upstream(host),
                    towardServer(ServerTlsMode.VERIFY_FULL, caFile));
                 Connection c = proxy.connect()) {
                assertEquals("true", serverSideSsl(c), "upstream " + host);
            }
        }
    }

    @Test
    void verifyFullRefusesAnUntrustedCertificate() {
        Path otherCa = TestPki.create("other").writeCaCertificate(dir.resolve("other-root.crt"));
        try (PgProxyFixture proxy = PgProxyFixture.inFrontOf(db, upstream("127.0.0.1"),
                towardServer(ServerTlsMode.VERIFY_FULL, otherCa))) {
            PSQLException e = assertThrows(PSQLException.class, () -> proxy.connect().close());
            assertEquals("08006", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1:" + db.port()), e.getMessage());
            assertTrue(e.getMessage().contains("not trusted") && e.getMessage().contains("tls.server.ca"),
                    e.getMessage());
        }
    }

    @Test
    void verifyFullRefusesACertificateForAnotherHost() throws Exception {
        TestPki.writeCertificate(serverCert, pki.serverCertificate(serverKey, "db.example.invalid", null));
        try (PgProxyFixture proxy = PgProxyFixture.inFrontOf(db, upstream("127.0.0.1"),
                towardServer(ServerTlsMode.VERIFY_FULL, caFile))) {
            reloadServerConfiguration();
            PSQLException e = awaitRefusal(proxy);
            assertEquals("08006", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("does not name '127.0.0.1'"), e.getMessage());
        } finally {
            TestPki.writeCertificate(serverCert, pki.serverCertificate(serverKey, "localhost", "127.0.0.1"));
            reloadServerConfiguration();
        }
        try (PgProxyFixture proxy = PgProxyFixture.inFrontOf(db, upstream("127.0.0.1"),
                towardServer(ServerTlsMode.VERIFY_FULL, caFile))) {
            awaitLogin(proxy);
        }
    }

    @Test
    void requireAgainstAServerWithoutTls() throws Exception {
        try (PgProxyFixture proxy = PgProxyFixture.start("upstream_no_tls", towardServer(ServerTlsMode.REQUIRE, null),
                io.turnout.proxy.config.Limits.DEFAULTS)) {
            try (Connection direct = proxy.direct().connect(); Statement s = direct.createStatement();
                 ResultSet rs = s.executeQuery("SHOW ssl")) {
                rs.next();
                assumeFalse("on".equals(rs.getString(1)), "the shared test server has TLS on");
            }
            PSQLException e = assertThrows(PSQLException.class, () -> proxy.connect().close());
            assertEquals("08006", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("does not accept TLS")
                    && e.getMessage().contains("tls.server.mode=require"), e.getMessage());
            assertEquals(0, proxy.awaitActiveSessions(0, Duration.ofSeconds(5)));
        }
    }

    /** The known limit: the proxy withdraws SCRAM-SHA-256-PLUS, so a binding-capable client says "y" and is refused. */
    @Test
    void channelBindingPreferIsRefusedWithTlsOnBothLegsByDefault() throws Exception {
        TlsConfig tls = new TlsConfig(null, null, true, ServerTlsMode.REQUIRE, null);
        try (PgProxyFixture proxy = PgProxyFixture.inFrontOf(db, upstream("127.0.0.1"), tls)) {
            PSQLException e = assertThrows(PSQLException.class,
                    () -> proxy.connect("sslmode=require&channelBinding=prefer").close());
            assertTrue(e.getMessage().toLowerCase().contains("channel binding"), e.getMessage());
            try (Connection c = proxy.connect("sslmode=require&channelBinding=disable")) {
                assertEquals("true", serverSideSsl(c), "channel_binding=disable is the workaround");
            }
        }
    }

    @Test
    void sameAsServerPassesChannelBindingThrough() throws Exception {
        TlsConfig tls = new TlsConfig(serverCert, serverKeyFile, false, ServerTlsMode.VERIFY_FULL, caFile, true);
        try (PgProxyFixture proxy = PgProxyFixture.inFrontOf(db, upstream("localhost"), tls)) {
            for (String binding : new String[] {"prefer", "require"}) {
                try (Connection c = proxy.connect("sslmode=verify-full&sslrootcert=" + caFile
                        + "&channelBinding=" + binding)) {
                    assertEquals("true", serverSideSsl(c), "channelBinding=" + binding);
                }
            }
            try (Connection plain = proxy.connect("sslmode=disable&channelBinding=prefer")) {
                assertEquals("true", serverSideSsl(plain), "a plain client is offered no -PLUS mechanism");
            }
        }
    }

    private static String serverSideSsl(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            return rs.getString(1).startsWith("t") ? "true" : rs.getString(1);
        }
    }

    private static void reloadServerConfiguration() throws SQLException {
        try (Connection c = tlsServer.admin().connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /** The server picks up its new certificate a moment after the reload. */
    private static PSQLException awaitRefusal(PgProxyFixture proxy) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Connection ignored = proxy.connect()) {
                assertTrue(System.nanoTime() < deadline, "the server still presents its old certificate");
                Thread.sleep(100);
            } catch (PSQLException e) {
                return e;
            }
        }
    }

    private static void awaitLogin(PgProxyFixture proxy) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Connection ignored = proxy.connect()) {
                return;
            } catch (PSQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
