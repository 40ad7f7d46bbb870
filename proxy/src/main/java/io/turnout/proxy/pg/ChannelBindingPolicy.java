package io.turnout.proxy.pg;

import io.turnout.proxy.config.TlsConfig;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Collection;

/**
 * Whether the SCRAM {@code -PLUS} mechanisms a server offers may reach a client. Channel binding type
 * {@code tls-server-end-point} hashes the certificate the client saw; the server checks it against its own. Through a
 * TLS-terminating proxy the two differ, so by default the offers are withdrawn. When the proxy shows clients exactly
 * the certificate the server presented on the server leg ({@code tls.client.sameAsServer}), the binding data is the
 * same on both legs and the offers pass untouched, so the client's binding is checked end to end by the server.
 */
final class ChannelBindingPolicy {

    /** Never pass {@code -PLUS} offers. */
    static final ChannelBindingPolicy WITHDRAW = new ChannelBindingPolicy(null);

    private final byte[] shownToClients;

    private ChannelBindingPolicy(byte[] shownToClients) {
        this.shownToClients = shownToClients;
    }

    static ChannelBindingPolicy of(TlsConfig tls) {
        if (!tls.clientSameAsServer() || tls.clientCert() == null) {
            return WITHDRAW;
        }
        try (InputStream in = Files.newInputStream(tls.clientCert())) {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (chain.isEmpty()) {
                throw new IllegalStateException("tls.client.cert " + tls.clientCert() + " holds no certificate");
            }
            return new ChannelBindingPolicy(chain.iterator().next().getEncoded());
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot read tls.client.cert " + tls.clientCert() + ": " + e.getMessage(),
                    e);
        }
    }

    boolean enabled() {
        return shownToClients != null;
    }

    /**
     * @param clientOnTls   the client leg is TLS (without it the client cannot bind, so nothing is offered)
     * @param serverSession the server leg's TLS session, null when that leg is plain
     */
    boolean passesThrough(boolean clientOnTls, SSLSession serverSession) {
        if (shownToClients == null || !clientOnTls || serverSession == null) {
            return false;
        }
        try {
            Certificate[] peer = serverSession.getPeerCertificates();
            return peer.length > 0 && Arrays.equals(peer[0].getEncoded(), shownToClients);
        } catch (SSLPeerUnverifiedException | CertificateEncodingException e) {
            return false;
        }
    }
}
