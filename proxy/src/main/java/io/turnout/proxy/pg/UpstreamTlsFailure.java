package io.turnout.proxy.pg;

import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.Upstream;

import java.security.cert.CertificateException;

/** Turns a failed TLS handshake with the database server into a message that says what to check. */
final class UpstreamTlsFailure {

    private UpstreamTlsFailure() {
    }

    static String describe(Upstream upstream, TlsConfig tls, Throwable cause) {
        String detail = rootMessage(cause);
        StringBuilder m = new StringBuilder("TLS handshake with the database server at ").append(upstream)
                .append(" failed (tls.server.mode=").append(tls.serverMode().name().toLowerCase().replace('_', '-'))
                .append("): ").append(detail);
        if (hasCertificateProblem(cause) && tls.serverMode() == TlsConfig.ServerTlsMode.VERIFY_FULL) {
            String lower = detail.toLowerCase();
            if (lower.contains("subject alternative name") || lower.contains("no name matching")) {
                m.append(" — the certificate does not name '").append(upstream.host())
                        .append("': set the upstream to a host name or IP address the certificate lists");
            } else {
                m.append(" — the certificate is not trusted: point tls.server.ca at the CA that signed it (now ")
                        .append(tls.serverCa() == null ? "the JDK's trust store" : tls.serverCa().toString())
                        .append(")");
            }
        }
        return m.toString();
    }

    private static boolean hasCertificateProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message: Netty and the JDK wrap the actual reason in generic handshake exceptions. */
    private static String rootMessage(Throwable t) {
        String message = String.valueOf(t);
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        return message;
    }
}
