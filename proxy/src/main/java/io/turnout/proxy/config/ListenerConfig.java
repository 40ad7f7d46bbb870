package io.turnout.proxy.config;

import java.nio.file.Path;

/**
 * One port Turnout listens on, and the server it fronts.
 *
 * @param upstreamSocket the server's unix-domain socket ({@code upstream: unix:/path}, MySQL listeners only), used
 *                       instead of {@code upstream}; null for TCP
 */
public record ListenerConfig(String name, Protocol protocol, HostPort bind, HostPort upstream, TlsConfig tls,
                             Limits limits, Path upstreamSocket) {

    /** A listener whose server is reached over TCP at {@code upstream}. */
    public ListenerConfig(String name, Protocol protocol, HostPort bind, HostPort upstream, TlsConfig tls,
                          Limits limits) {
        this(name, protocol, bind, upstream, tls, limits, null);
    }

    /** Where the server is, for messages: {@code host:port} or {@code unix:/path}. */
    public String upstreamDescription() {
        return upstreamSocket != null ? "unix:" + upstreamSocket : upstream.toString();
    }
}
