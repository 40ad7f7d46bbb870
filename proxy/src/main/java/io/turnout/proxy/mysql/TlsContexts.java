package io.turnout.proxy.mysql;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.turnout.proxy.mysql.MySqlListenerSettings.ClientTls;
import io.turnout.proxy.mysql.MySqlListenerSettings.UpstreamTls;
import io.turnout.proxy.mysql.MySqlListenerSettings.UpstreamTlsMode;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/** Builds the two TLS contexts of a listener from its settings, failing at start-up with the field at fault. */
final class TlsContexts {
    private TlsContexts() {}

    /** Server-side context for TLS toward clients, or null when disabled. */
    static SslContext forClients(ClientTls tls) {
        if (!tls.enabled()) {
            return null;
        }
        try {
            if (tls.certificateChain() == null) {
                SelfSignedCertificate cert = new SelfSignedCertificate("turnout.localhost");
                return SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
            }
            return SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile()).build();
        } catch (CertificateException | SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("clientTls: cannot load certificate/key ("
                    + tls.certificateChain() + ", " + tls.privateKey() + "): " + e.getMessage(), e);
        }
    }

    /** Client-side context for TLS toward the server, or null when disabled. */
    static SslContext forUpstream(UpstreamTls tls) {
        if (tls.mode() == UpstreamTlsMode.DISABLE) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (tls.mode() == UpstreamTlsMode.VERIFY_FULL) {
                builder.trustManager(tls.trustedCertificates().toFile()).endpointIdentificationAlgorithm("HTTPS");
            } else {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("upstreamTls.trustedCertificates: cannot load "
                    + tls.trustedCertificates() + ": " + e.getMessage(), e);
        }
    }
}
