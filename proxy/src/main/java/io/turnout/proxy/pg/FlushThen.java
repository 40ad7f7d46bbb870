package io.turnout.proxy.pg;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * Flush, then read again once the writes reached the socket: the relay's backpressure step. Usually the socket takes
 * everything at once and the next read starts right away; only when bytes are left over does it wait, for an empty
 * write queued behind them whose promise completes when they are gone (a slow reader thus stops the other side).
 */
final class FlushThen {

    private FlushThen() {
    }

    static void run(Channel channel, Runnable afterWritten) {
        channel.flush();
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        if (pending == null) {
            return; // closed: nothing more to read for
        }
        if (pending.isEmpty()) {
            afterWritten.run();
            return;
        }
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                afterWritten.run();
            }
        });
    }
}
