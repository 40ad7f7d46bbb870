package io.turnout.proxy.mysql;

import static io.turnout.protocol.mysql.Capabilities.CLIENT_COMPRESS;
import static io.turnout.protocol.mysql.Capabilities.CLIENT_SSL;
import static io.turnout.protocol.mysql.Capabilities.CLIENT_ZSTD_COMPRESSION_ALGORITHM;

import io.turnout.protocol.mysql.HandshakeResponse41;
import io.turnout.protocol.mysql.HandshakeV10;

/**
 * What the proxy changes in the handshake so that client and server agree on capabilities the proxy can carry.
 *
 * <ul>
 *   <li>compression (zlib and zstd) is masked in both directions: relayed packets are never decompressed;</li>
 *   <li>CLIENT_SSL toward the client says whether <em>the proxy</em> offers TLS, toward the server whether the
 *       proxy's upstream leg uses TLS; the two legs are negotiated independently;</li>
 *   <li>the connection id in the greeting becomes the proxy's own id ({@link ConnectionRegistry});</li>
 *   <li>everything else (deprecate-EOF, session tracking, query attributes, MariaDB extended capabilities,
 *       auth plugin data) passes unchanged, so both ends see the same protocol dialect.</li>
 * </ul>
 */
final class CapabilityPolicy {
    /** Bits never passed: the proxy does not implement compressed framing. */
    static final int UNSUPPORTED = CLIENT_COMPRESS | CLIENT_ZSTD_COMPRESSION_ALGORITHM;

    private CapabilityPolicy() {}

    static HandshakeV10 greetingForClient(HandshakeV10 server, long proxyConnectionId, boolean offerTls) {
        int caps = server.capabilities() & ~UNSUPPORTED & ~CLIENT_SSL;
        if (offerTls) {
            caps |= CLIENT_SSL;
        }
        return server.withCapabilities(caps).withConnectionId(proxyConnectionId);
    }

    static HandshakeResponse41 responseForServer(HandshakeResponse41 client, boolean upstreamTls) {
        int caps = client.capabilities() & ~UNSUPPORTED & ~CLIENT_SSL;
        if (upstreamTls) {
            caps |= CLIENT_SSL;
        }
        return client.withCapabilities(caps);
    }
}
