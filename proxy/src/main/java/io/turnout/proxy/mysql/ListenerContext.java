package io.turnout.proxy.mysql;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.turnout.proxy.route.StatementPlanner;
import java.security.KeyPair;

/**
 * What every session of one listener shares: settings, the id registry, the two TLS contexts (null = off) and, when
 * the server leg uses TLS, the RSA key pair that bridges caching_sha2_password full authentication for plain clients,
 * and the planner that applies migrations ({@link StatementPlanner#PASS_THROUGH}: plain relay).
 */
record ListenerContext(MySqlListenerSettings settings, ConnectionRegistry registry, SslContext clientSsl,
        SslContext upstreamSsl, KeyPair rsaKey, StatementPlanner planner) {
    /** Per-connection outbound buffer bounds: above the high mark the other side stops being read. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    boolean routed() {
        return planner != StatementPlanner.PASS_THROUGH;
    }
}

