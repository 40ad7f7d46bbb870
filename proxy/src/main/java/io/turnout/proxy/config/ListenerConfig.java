package io.turnout.proxy.config;

/** One port Turnout listens on, and the server it fronts. */
public record ListenerConfig(String name, Protocol protocol, HostPort bind, Upstream upstream, TlsConfig tls,
                             Limits limits) {
}
