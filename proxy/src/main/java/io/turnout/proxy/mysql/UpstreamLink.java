package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.turnout.protocol.mysql.HandshakeResponse41;
import io.turnout.protocol.mysql.Packet;
import io.turnout.protocol.mysql.PacketFramer;
import io.turnout.protocol.mysql.SslRequest;
import io.turnout.proxy.server.Transport;

/** Opening the server connection, and switching it to TLS, for one session. */
final class UpstreamLink {
    private UpstreamLink() {}

    /** Connects on the client's own event loop, AUTO_READ off, framed until authentication ends. */
    static ChannelFuture connect(Channel client, ListenerContext context, SessionHandlers.Upstream handler) {
        MySqlListenerSettings s = context.settings();
        return Transport.connecting(client, Transport.address(s.upstream()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, s.connectTimeout().toMillis()))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, ListenerContext.WATER_MARK)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(MySqlSession.FRAMER, new PacketFramer(Integer.MAX_VALUE));
                        ch.pipeline().addLast(MySqlSession.SESSION, handler);
                    }
                })
                .connect();
    }

    /** Sends the SSLRequest (sequence id 1) and starts TLS; the handshake response follows with id 2. */
    static Future<Channel> startTls(Channel upstream, ListenerContext context, HandshakeResponse41 forServer) {
        ByteBuf ssl = upstream.alloc().buffer(SslRequest.LENGTH);
        SslRequest.of(forServer).encode(ssl);
        upstream.writeAndFlush(Packet.encode(upstream.alloc(), 1, ssl).frames());
        SslHandler handler = context.upstreamSsl().newHandler(upstream.alloc(), context.settings().upstream().host(),
                context.settings().upstream().port());
        upstream.pipeline().addFirst(MySqlSession.TLS, handler);
        upstream.read();
        return handler.handshakeFuture();
    }
}
