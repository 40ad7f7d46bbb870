package io.turnout.proxy.mysql;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;

/** What every session of one listener shares: settings, the id registry and the two TLS contexts (null = off). */
record ListenerContext(MySqlListenerSettings settings, ConnectionRegistry registry, SslContext clientSsl,
        SslContext upstreamSsl) {
    /** Per-connection outbound buffer bounds: above the high mark the other side stops being read. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
}
