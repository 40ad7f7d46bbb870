package io.turnout.proxy.mysql;

import io.turnout.proxy.config.Upstream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one MySQL listener needs: where to listen, where the server is, limits and TLS.
 *
 * @param bindHost             address to listen on (e.g. 127.0.0.1)
 * @param bindPort             port to listen on; 0 picks a free one ({@link MySqlListener#start()} returns it)
 * @param upstream             MySQL / MariaDB server: host and port, or a Unix socket on this machine
 * @param maxPacketBytes       largest logical packet a client may send (all 16 MiB continuations joined); keep it
 *                             at or above the server's max_allowed_packet
 * @param maxClientConnections client connections served at once; the next one gets ERR 1040 (08004)
 * @param connectTimeout       limit for opening the server connection
 * @param idleTimeout          a client connection with no traffic either way for this long is closed; ZERO = never
 * @param clientTls            TLS offered to clients (SSLRequest)
 * @param upstreamTls          TLS toward the server
 */
public record MySqlListenerSettings(
        String bindHost,
        int bindPort,
        Upstream upstream,
        long maxPacketBytes,
        int maxClientConnections,
        Duration connectTimeout,
        Duration idleTimeout,
        ClientTls clientTls,
        UpstreamTls upstreamTls) {

    public static final long DEFAULT_MAX_PACKET_BYTES = 1L << 30;

    public MySqlListenerSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(clientTls, "clientTls");
        Objects.requireNonNull(upstreamTls, "upstreamTls");
        check(bindPort >= 0 && bindPort <= 65535, "bindPort must be 0..65535, got " + bindPort);
        check(upstream.isUnix() || upstream.port() > 0, "upstream port must be 1..65535, got " + upstream.port());
        check(!upstream.isUnix() || upstreamTls.mode() == UpstreamTlsMode.DISABLE,
                "upstreamTls must be DISABLE with a Unix-socket upstream (" + upstream + ")");
        check(maxPacketBytes >= 1024, "maxPacketBytes must be at least 1024, got " + maxPacketBytes);
        check(maxClientConnections > 0, "maxClientConnections must be positive, got " + maxClientConnections);
        check(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be positive");
        check(!idleTimeout.isNegative(), "idleTimeout must not be negative (ZERO disables it)");
    }

    /** Loopback listener on a free port in front of {@code upstreamHost:upstreamPort}, no TLS, generous limits. */
    public static MySqlListenerSettings defaults(String upstreamHost, int upstreamPort) {
        return new MySqlListenerSettings("127.0.0.1", 0, Upstream.tcp(upstreamHost, upstreamPort), DEFAULT_MAX_PACKET_BYTES, 1000,
                Duration.ofSeconds(10), Duration.ZERO, ClientTls.disabled(), UpstreamTls.disabled());
    }

    public MySqlListenerSettings withClientTls(ClientTls tls) {
        return new MySqlListenerSettings(bindHost, bindPort, upstream, maxPacketBytes,
                maxClientConnections, connectTimeout, idleTimeout, tls, upstreamTls);
    }

    public MySqlListenerSettings withUpstreamTls(UpstreamTls tls) {
        return new MySqlListenerSettings(bindHost, bindPort, upstream, maxPacketBytes,
                maxClientConnections, connectTimeout, idleTimeout, clientTls, tls);
    }

    public MySqlListenerSettings withLimits(long maxPacket, int maxClients, Duration connect, Duration idle) {
        return new MySqlListenerSettings(bindHost, bindPort, upstream, maxPacket, maxClients,
                connect, idle, clientTls, upstreamTls);
    }

    public MySqlListenerSettings withUpstream(Upstream to) {
        return new MySqlListenerSettings(bindHost, bindPort, to, maxPacketBytes, maxClientConnections,
                connectTimeout, idleTimeout, clientTls, upstreamTls);
    }

    public MySqlListenerSettings withBind(String host, int port) {
        return new MySqlListenerSettings(host, port, upstream, maxPacketBytes,
                maxClientConnections, connectTimeout, idleTimeout, clientTls, upstreamTls);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * TLS offered to clients. Disabled: CLIENT_SSL is cleared from the greeting. Enabled with no files: a self-signed
     * certificate is generated at start-up.
     */
    public record ClientTls(boolean enabled, Path certificateChain, Path privateKey) {
        public ClientTls {
            if ((certificateChain == null) != (privateKey == null)) {
                throw new IllegalArgumentException("clientTls needs both certificateChain and privateKey, or neither");
            }
        }

        public static ClientTls disabled() {
            return new ClientTls(false, null, null);
        }

        public static ClientTls selfSigned() {
            return new ClientTls(true, null, null);
        }
    }

    /** TLS toward the server; {@code trustedCertificates} (PEM) is required for VERIFY_FULL. */
    public record UpstreamTls(UpstreamTlsMode mode, Path trustedCertificates) {
        public UpstreamTls {
            Objects.requireNonNull(mode, "upstreamTls.mode");
            if (mode == UpstreamTlsMode.VERIFY_FULL && trustedCertificates == null) {
                throw new IllegalArgumentException("upstreamTls mode VERIFY_FULL needs trustedCertificates (PEM file)");
            }
        }

        public static UpstreamTls disabled() {
            return new UpstreamTls(UpstreamTlsMode.DISABLE, null);
        }
    }

    /**
     * DISABLE: never; PREFER: when the server offers it (no verification); REQUIRE: always, fail if the server cannot
     * (no verification); VERIFY_FULL: always, checking the chain against trustedCertificates and the host name.
     */
    public enum UpstreamTlsMode { DISABLE, PREFER, REQUIRE, VERIFY_FULL }
}
