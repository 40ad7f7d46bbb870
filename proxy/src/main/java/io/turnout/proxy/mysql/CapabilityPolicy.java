package io.turnout.proxy.mysql;

import static io.turnout.protocol.mysql.Capabilities.CLIENT_COMPRESS;
import static io.turnout.protocol.mysql.Capabilities.CLIENT_LONG_PASSWORD;
import static io.turnout.protocol.mysql.Capabilities.CLIENT_QUERY_ATTRIBUTES;
import static io.turnout.protocol.mysql.Capabilities.has;
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
 *       auth plugin data) passes unchanged, so both ends see the same protocol dialect;</li>
 *   <li>except on a listener that applies migrations ({@code routed}): there the proxy follows every reply and
 *       rewrites EXECUTE packets, so query attributes and MariaDB's metadata cache (which drop column definitions
 *       from replies) are masked too.</li>
 * </ul>
 */
final class CapabilityPolicy {
    /** Bits never passed: the proxy does not implement compressed framing. */
    static final int UNSUPPORTED = CLIENT_COMPRESS | CLIENT_ZSTD_COMPRESSION_ALGORITHM;

    /** Bits not passed when the proxy routes statements. */
    static final int UNSUPPORTED_ROUTED = CLIENT_QUERY_ATTRIBUTES;
    /** MariaDB extended capability MARIADB_CLIENT_CACHE_METADATA. */
    static final int MARIADB_CACHE_METADATA = 1 << 4;

    private CapabilityPolicy() {}

    static HandshakeV10 greetingForClient(HandshakeV10 server, long proxyConnectionId, boolean offerTls) {
        return greetingForClient(server, proxyConnectionId, offerTls, false);
    }

    static HandshakeV10 greetingForClient(HandshakeV10 server, long proxyConnectionId, boolean offerTls,
                                          boolean routed) {
        int caps = server.capabilities() & ~UNSUPPORTED & ~CLIENT_SSL;
        if (offerTls) {
            caps |= CLIENT_SSL;
        }
        HandshakeV10 out = server.withCapabilities(routed ? caps & ~UNSUPPORTED_ROUTED : caps)
                .withConnectionId(proxyConnectionId);
        if (routed && !has(server.capabilities(), CLIENT_LONG_PASSWORD)) {
            out = out.withMariaDbCapabilities(server.mariaDbCapabilities() & ~MARIADB_CACHE_METADATA);
        }
        return out;
    }

    static HandshakeResponse41 responseForServer(HandshakeResponse41 client, boolean upstreamTls) {
        return responseForServer(client, upstreamTls, false);
    }

    static HandshakeResponse41 responseForServer(HandshakeResponse41 client, boolean upstreamTls, boolean routed) {
        int caps = client.capabilities() & ~UNSUPPORTED & ~CLIENT_SSL;
        if (upstreamTls) {
            caps |= CLIENT_SSL;
        }
        if (!routed) {
            return client.withCapabilities(caps);
        }
        HandshakeResponse41 out = client.withCapabilities(caps & ~UNSUPPORTED_ROUTED);
        return has(caps, CLIENT_LONG_PASSWORD) ? out
                : out.withMariaDbCapabilities(client.mariaDbCapabilities() & ~MARIADB_CACHE_METADATA);
    }
}
