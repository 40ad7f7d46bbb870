package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.turnout.proxy.server.Transport;

/** Forwards a client's cancel request to the server connection it names, with the server's own key. */
final class PgCancelSender {

    private PgCancelSender() {
    }

    static void send(PgListenerContext context, Channel client, CancelKeys.ServerKey key) {
        Transport.connecting(client, key.upstream())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) context.config().limits().connectTimeout().toMillis())
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ByteBuf out = ctx.alloc().buffer(16);
                        key.serverKey().toCancelRequest().encode(out);
                        // the server closes the connection once it has read the request
                        ctx.writeAndFlush(out);
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        io.netty.util.ReferenceCountUtil.release(msg);
                    }
                })
                .connect()
                .addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        f.channel().eventLoop().schedule(() -> f.channel().close(), 10, java.util.concurrent.TimeUnit.SECONDS);
                    }
                });
    }
}
