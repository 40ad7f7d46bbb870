package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.turnout.protocol.mysql.PacketFramer;

/**
 * Switches a client connection to TLS after its SSLRequest. The client starts its TLS handshake without waiting for
 * an answer, so the ClientHello may already sit in the framer's buffer: the framer is replaced by
 * {@code TLS -> new framer}, and the bytes the old framer held come back through {@link #refeed} and are pushed
 * into the pipeline from the head, i.e. into the TLS handler.
 */
final class ClientTlsUpgrade {
    private ClientTlsUpgrade() {}

    static Future<Channel> start(Channel client, ListenerContext context) {
        ChannelPipeline pipeline = client.pipeline();
        SslHandler tls = context.clientSsl().newHandler(client.alloc());
        pipeline.addBefore(MySqlSession.FRAMER, MySqlSession.TLS, tls);
        pipeline.addAfter(MySqlSession.TLS, MySqlSession.FRAMER_TLS,
                new PacketFramer(context.settings().maxPacketBytes()));
        pipeline.remove(MySqlSession.FRAMER);
        client.read();
        return tls.handshakeFuture();
    }

    /**
     * Bytes that arrived before the TLS handler was in place: they are TLS records, so they go through it. The read
     * is completed too: the TLS handler flushes its handshake reply (ServerHello) only at the end of a read, so
     * without it the client would wait for an answer that sits unflushed in the proxy.
     */
    static void refeed(Channel client, ByteBuf leftover) {
        client.eventLoop().execute(() -> client.pipeline().fireChannelRead(leftover).fireChannelReadComplete());
    }
}
