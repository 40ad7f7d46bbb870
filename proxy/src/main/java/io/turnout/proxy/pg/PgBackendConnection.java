package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.turnout.proxy.config.Upstream;
import io.turnout.proxy.server.Transport;

/** The server leg of one PostgreSQL session: opens it, writes client frames to it, closes it. */
final class PgBackendConnection {

    private final PgListenerContext context;
    private final PgFrontendHandler frontend;
    private final Channel client;
    private ByteBuf startupFrame;
    private Channel server;
    private PgBackendHandler handler;

    private final PgBackendStream stream;

    PgBackendConnection(PgListenerContext context, PgFrontendHandler frontend, Channel client, ByteBuf startupFrame,
                        PgBackendStream stream) {
        this.stream = stream;
        this.context = context;
        this.frontend = frontend;
        this.client = client;
        this.startupFrame = startupFrame;
    }

    void open() {
        Upstream upstream = context.config().upstream();
        handler = new PgBackendHandler(context, frontend, client, this::takeStartupFrame, stream);
        ChannelFuture connect = Transport.connecting(client, Transport.address(upstream))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) context.config().limits().connectTimeout().toMillis())
                .handler(handler)
                .connect();
        server = connect.channel();
        connect.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                releaseStartupFrame();
                String reason = f.cause() == null ? "unknown" : f.cause().getMessage();
                frontend.failClient(PgErrors.CONNECTION_FAILURE, "Turnout could not connect to the database server at "
                        + upstream + ": " + reason);
            }
        });
    }

    private ByteBuf takeStartupFrame() {
        ByteBuf f = startupFrame;
        startupFrame = null;
        return f;
    }

    private void releaseStartupFrame() {
        if (startupFrame != null) {
            startupFrame.release();
            startupFrame = null;
        }
    }

    boolean isActive() {
        return server != null && server.isActive();
    }

    void write(ByteBuf frame) {
        server.write(frame, server.voidPromise());
    }

    /** Flushes what was written to the server and runs {@code afterWritten} once it all reached the socket. */
    void flushThen(Runnable afterWritten) {
        FlushThen.run(server, afterWritten);
    }

    void flushAndClose() {
        server.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    boolean clientStreamAtBoundary() {
        return handler == null || handler.clientStreamAtBoundary();
    }

    void close() {
        releaseStartupFrame();
        if (server != null) {
            server.close();
        }
    }
}
