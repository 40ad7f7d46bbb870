package io.turnout.proxy.pg;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS between client and proxy: {@code sslmode=require} with {@code channelBinding=prefer} (the proxy withdraws the
 * SCRAM {@code -PLUS} offer, whose binding to the server's certificate cannot cross a TLS-terminating proxy), and
 * {@code verify-full} against the proxy's certificate.
 */
@ExtendWith(NoLeakReports.class)
class PgTlsIT {

    private static SelfSignedCertificate cert;
    private static PgProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        cert = new SelfSignedCertificate("localhost");
        proxy = PgProxyFixture.start("tls", new TlsConfig(cert.certificate().toPath(), cert.privateKey().toPath(),
                false, TlsConfig.ServerTlsMode.DISABLE, null), Limits.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        cert.delete();
    }

    @Test
    void sslRequestIsAnsweredS() throws Exception {
        try (RawPgClient c = RawPgClient.connect(proxy.port())) {
            c.send(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array());
            byte[] answer = new byte[1];
            assertEquals(1, c.readRaw(answer));
            assertEquals('S', (char) answer[0]);
        }
    }

    @Test
    void sslModeRequireWithChannelBindingPrefer() throws Exception {
        try (Connection c = proxy.connect("sslmode=require&channelBinding=prefer");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user, 40 + 2")) {
            rs.next();
            assertEquals(proxy.direct().user(), rs.getString(1));
            assertEquals(42, rs.getInt(2));
        }
    }

    @Test
    void channelBindingRequireIsRefusedByTheClientWithAClearReason() {
        PSQLException e = assertThrows(PSQLException.class,
                () -> proxy.connect("sslmode=require&channelBinding=require").close());
        assertTrue(e.getMessage().toLowerCase().contains("channel binding"), e.getMessage());
    }

    @Test
    void verifyFullAgainstTheProxysCertificate() throws Exception {
        DbEndpoint byName = proxy.proxied().withHostPort("localhost", proxy.port());
        String options = "sslmode=verify-full&sslrootcert=" + cert.certificate().getAbsolutePath();
        try (Connection c = byName.connect(options); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
        PSQLException wrongName = assertThrows(PSQLException.class, () -> proxy.proxied().connect(options).close(),
                "127.0.0.1 is not a name in the certificate");
        assertTrue(wrongName.getMessage().contains("127.0.0.1"), wrongName.getMessage());
    }

    @Test
    void plainClientsStillWorkWhenTlsIsOffered() throws Exception {
        try (Connection c = proxy.connect("sslmode=disable"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 2")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }

    @Test
    void noTlsConfiguredAnswersN() throws Exception {
        try (PgProxyFixture plain = PgProxyFixture.start("no_tls");
             RawPgClient c = RawPgClient.connect(plain.port())) {
            c.send(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array());
            byte[] answer = new byte[1];
            assertEquals(1, c.readRaw(answer));
            assertEquals('N', (char) answer[0]);
            try (Connection jdbc = plain.connect("sslmode=prefer")) {
                assertTrue(jdbc.isValid(2), "sslmode=prefer falls back to plain");
            }
        }
    }
}
