package io.turnout.proxy.config;

import java.time.Duration;

/**
 * Per-listener limits. A zero idle timeout means none.
 *
 * @param maxMessageBytes largest single protocol message a client may send
 * @param maxStartupBytes largest startup packet (PostgreSQL) or handshake response (MySQL)
 * @param maxClientConnections client connections accepted at once; more are refused with a clear error
 * @param connectTimeout how long to wait for the upstream server to accept a connection
 * @param idleTimeout close client connections idle for this long (zero: never)
 */
public record Limits(int maxMessageBytes, int maxStartupBytes, int maxClientConnections, Duration connectTimeout,
                     Duration idleTimeout) {

    public static final Limits DEFAULTS = new Limits(256 * 1024 * 1024, 10_000, 2_000, Duration.ofSeconds(5),
            Duration.ZERO);
}
