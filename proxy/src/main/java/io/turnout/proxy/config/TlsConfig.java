package io.turnout.proxy.config;

import java.nio.file.Path;

/**
 * TLS on both legs of a listener.
 *
 * @param clientCert PEM certificate chain offered to clients (null with {@code clientSelfSigned} false: no TLS toward
 *                   clients, SSLRequest answered 'N')
 * @param clientKey  PEM private key for {@code clientCert}
 * @param clientSelfSigned generate a throw-away self-signed certificate at start-up (demos and tests)
 * @param serverMode TLS toward the server
 * @param serverCa   PEM CA bundle used with {@link ServerTlsMode#VERIFY_FULL} (null: the JDK's trust store)
 * @param clientSameAsServer {@code clientCert}/{@code clientKey} are the database server's own certificate and key:
 *                   when the server presents exactly that certificate, the SCRAM {@code -PLUS} mechanisms are passed
 *                   to TLS clients untouched (their {@code tls-server-end-point} binding data is the server's), so
 *                   clients with {@code channel_binding=prefer|require} log in with TLS on both legs
 */
public record TlsConfig(Path clientCert, Path clientKey, boolean clientSelfSigned, ServerTlsMode serverMode,
                        Path serverCa, boolean clientSameAsServer) {

    public static final TlsConfig NONE = new TlsConfig(null, null, false, ServerTlsMode.DISABLE, null);

    /** Without {@code clientSameAsServer}: SCRAM {@code -PLUS} offers are withdrawn when the server leg has TLS. */
    public TlsConfig(Path clientCert, Path clientKey, boolean clientSelfSigned, ServerTlsMode serverMode,
                     Path serverCa) {
        this(clientCert, clientKey, clientSelfSigned, serverMode, serverCa, false);
    }

    public boolean clientTlsEnabled() {
        return clientSelfSigned || clientCert != null;
    }

    /** TLS toward the database server, as libpq's sslmode. */
    public enum ServerTlsMode {
        DISABLE,
        REQUIRE,
        VERIFY_FULL
    }
}
