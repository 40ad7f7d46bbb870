package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.turnout.protocol.pg.message.ErrorResponse;

/** Writes the proxy's own errors to a client: always a FATAL ErrorResponse followed by a close. */
final class PgErrors {

    static final String PROTOCOL_VIOLATION = "08P01";
    static final String CONNECTION_FAILURE = "08006";
    static final String TOO_MANY_CONNECTIONS = "53300";
    static final String ADMIN_SHUTDOWN = "57P01";
    static final String IDLE_SESSION_TIMEOUT = "57P05";

    private PgErrors() {
    }

    static void fatalAndClose(Channel client, String sqlState, String message) {
        if (!client.isActive()) {
            client.close();
            return;
        }
        ByteBuf out = client.alloc().buffer();
        ErrorResponse.fatal(sqlState, message).encode(out);
        client.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
}
