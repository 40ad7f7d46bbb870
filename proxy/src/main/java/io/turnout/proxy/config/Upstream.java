package io.turnout.proxy.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a listener's database server is: a TCP host and port ({@code db.internal:5432}), or a Unix-domain socket file
 * on this machine ({@code unix:/run/postgresql/.s.PGSQL.5432}, {@code unix:/run/mysqld/mysqld.sock}). A socket skips
 * the TCP stack on the proxy's and the server's side of the hop, the cheaper path when Turnout runs on the database
 * host. Exactly one of {@code tcp} and {@code socket} is set.
 */
public record Upstream(HostPort tcp, Path socket) {

    public static final String UNIX_PREFIX = "unix:";

    public Upstream {
        if ((tcp == null) == (socket == null)) {
            throw new IllegalArgumentException("an upstream is either host:port or unix:/path, not both or neither");
        }
    }

    public static Upstream tcp(String host, int port) {
        return new Upstream(new HostPort(host, port), null);
    }

    public static Upstream unix(Path socket) {
        return new Upstream(null, Objects.requireNonNull(socket, "socket"));
    }

    /** Reads {@code host:port} or {@code unix:/absolute/path}; the message of the exception names what is wrong. */
    public static Upstream parse(String text) {
        if (text != null && text.trim().startsWith(UNIX_PREFIX)) {
            String p = text.trim().substring(UNIX_PREFIX.length());
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("expected unix:/absolute/path/to/socket, got '" + text + "'");
            }
            return unix(Path.of(p));
        }
        try {
            return new Upstream(HostPort.parse(text), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (a socket on this machine: unix:/path/to/socket)");
        }
    }

    public boolean isUnix() {
        return socket != null;
    }

    /** The server's host name (what TLS verifies), or null for a socket. */
    public String host() {
        return tcp == null ? null : tcp.host();
    }

    /** The server's TCP port, or -1 for a socket. */
    public int port() {
        return tcp == null ? -1 : tcp.port();
    }

    @Override
    public String toString() {
        return tcp != null ? tcp.toString() : UNIX_PREFIX + socket;
    }
}
