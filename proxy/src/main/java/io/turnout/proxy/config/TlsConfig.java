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
 */
public record TlsConfig(Path clientCert, Path clientKey, boolean clientSelfSigned, ServerTlsMode serverMode,
                        Path serverCa) {

    public static final TlsConfig NONE = new TlsConfig(null, null, false, ServerTlsMode.DISABLE, null);

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
