package io.turnout.proxy.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.turnout.proxy.config.TlsConfig;

import javax.net.ssl.SSLException;
import java.security.cert.CertificateException;

/** Builds the two TLS contexts of a listener from its configuration. */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** The context offered to clients, or null when TLS toward clients is off. */
    public static SslContext forClients(TlsConfig tls) {
        if (!tls.clientTlsEnabled()) {
            return null;
        }
        try {
            if (tls.clientCert() != null) {
                return SslContextBuilder.forServer(tls.clientCert().toFile(), tls.clientKey().toFile()).build();
            }
            SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
            return SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
        } catch (SSLException | CertificateException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load the TLS certificate for clients: " + e.getMessage(), e);
        }
    }

    /** The context used toward the database server, or null when the mode is DISABLE. */
    public static SslContext forServer(TlsConfig tls) {
        try {
            return switch (tls.serverMode()) {
                case DISABLE -> null;
                case REQUIRE -> SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
                case VERIFY_FULL -> (tls.serverCa() == null ? SslContextBuilder.forClient()
                        : SslContextBuilder.forClient().trustManager(tls.serverCa().toFile())).build();
            };
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot set up TLS toward the server: " + e.getMessage(), e);
        }
    }
}
