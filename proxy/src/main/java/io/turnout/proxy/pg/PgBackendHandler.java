package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.turnout.protocol.pg.codec.PgFrameDecoder;
import io.turnout.protocol.pg.message.AuthenticationRequest;
import io.turnout.protocol.pg.message.BackendKeyData;
import io.turnout.protocol.pg.message.PgMessages;
import io.turnout.protocol.pg.message.PgWire;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.Upstream;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.List;
import java.util.function.Supplier;

/**
 * The server side of one PostgreSQL session. Until the first ReadyForQuery it looks at every backend message (to
 * replace BackendKeyData and to drop SCRAM {@code -PLUS} offers, whose channel binding cannot cross a TLS-terminating
 * proxy unless the proxy shows clients the server's own certificate, see {@link ChannelBindingPolicy}); after that
 * it relays raw chunks through {@link PgBackendStream}, which only reads message headers unless replies of injected
 * statements must be removed.
 */
final class PgBackendHandler extends ChannelInboundHandlerAdapter {

    private enum State {
        TLS_NEGOTIATION,
        AUTHENTICATING,
        RELAY
    }

    private final PgListenerContext context;
    private final PgFrontendHandler frontend;
    private final Channel client;
    private final Supplier<ByteBuf> startupFrame;
    private final PgBackendStream stream;
    private State state = State.AUTHENTICATING;
    private boolean wroteSinceFlush;
    private boolean plusOffersPass;
    private BackendKeyData proxyKey;
    private Runnable readServer;

    PgBackendHandler(PgListenerContext context, PgFrontendHandler frontend, Channel client,
                     Supplier<ByteBuf> startupFrame, PgBackendStream stream) {
        this.stream = stream;
        this.context = context;
        this.frontend = frontend;
        this.client = client;
        this.startupFrame = startupFrame;
    }

    boolean clientStreamAtBoundary() {
        return stream.atBoundary();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        readServer = ctx::read;
        if (context.serverTls() != null) {
            state = State.TLS_NEGOTIATION;
            ByteBuf req = ctx.alloc().buffer(8);
            req.writeInt(8).writeInt(PgMessages.SSL_REQUEST_CODE);
            ctx.writeAndFlush(req);
            ctx.read();
        } else {
            startAuthentication(ctx);
        }
    }

    private void startAuthentication(ChannelHandlerContext ctx) {
        state = State.AUTHENTICATING;
        ctx.pipeline().addBefore(ctx.name(), "frames", new PgFrameDecoder(Integer.MAX_VALUE));
        ByteBuf startup = startupFrame.get();
        if (startup == null) {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(startup);
        frontend.backendStarted();
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        switch (state) {
            case TLS_NEGOTIATION -> tlsAnswer(ctx, buf);
            case AUTHENTICATING -> authenticationMessage(ctx, buf);
            case RELAY -> {
                stream.feed(buf, this::relayToClient);
                wroteSinceFlush = true;
            }
        }
    }

    private void tlsAnswer(ChannelHandlerContext ctx, ByteBuf buf) {
        Upstream upstream = context.config().upstream();
        try {
            if (buf.readableBytes() != 1 || buf.getByte(buf.readerIndex()) != 'S') {
                boolean refused = buf.readableBytes() == 1 && buf.getByte(buf.readerIndex()) == 'N';
                frontend.failClient(PgErrors.CONNECTION_FAILURE, refused
                        ? "the database server at " + upstream + " does not accept TLS, but Turnout is configured "
                                + "with tls.server.mode=" + context.config().tls().serverMode().name().toLowerCase()
                        : "the database server at " + upstream + " gave an invalid answer to SSLRequest");
                return;
            }
        } finally {
            buf.release();
        }
        SslHandler ssl = context.serverTls().newHandler(ctx.alloc(), upstream.host(), upstream.port());
        if (context.config().tls().serverMode() == TlsConfig.ServerTlsMode.VERIFY_FULL) {
            SSLEngine engine = ssl.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
        }
        ctx.pipeline().addFirst("tls", ssl);
        ssl.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                plusOffersPass = context.channelBinding().passesThrough(client.pipeline().get("tls") != null,
                        ssl.engine().getSession());
                startAuthentication(ctx);
            } else {
                frontend.failClient(PgErrors.CONNECTION_FAILURE, UpstreamTlsFailure.describe(upstream,
                        context.config().tls(), f.cause()));
            }
        });
        ctx.read();
    }

    private void authenticationMessage(ChannelHandlerContext ctx, ByteBuf frame) {
        byte type = PgWire.type(frame);
        switch (type) {
            case 'R' -> {
                AuthenticationRequest auth = AuthenticationRequest.decode(PgWire.payload(frame));
                if (auth instanceof AuthenticationRequest.Sasl sasl && !plusOffersPass
                        && sasl.mechanisms().stream().anyMatch(m -> m.endsWith("-PLUS"))) {
                    frame.release();
                    List<String> kept = sasl.mechanisms().stream().filter(m -> !m.endsWith("-PLUS")).toList();
                    ByteBuf out = ctx.alloc().buffer();
                    new AuthenticationRequest.Sasl(kept).encode(out);
                    writeToClient(out);
                } else {
                    writeToClient(frame);
                }
            }
            case 'K' -> {
                BackendKeyData serverKey = BackendKeyData.decode(PgWire.payload(frame));
                frame.release();
                proxyKey = context.cancelKeys().register(new CancelKeys.ServerKey(
                        ctx.channel().remoteAddress(), serverKey));
                ByteBuf out = ctx.alloc().buffer(13);
                proxyKey.encode(out);
                writeToClient(out);
            }
            case 'Z' -> {
                writeToClient(frame);
                state = State.RELAY;
                frontend.backendReady(proxyKey);
                ctx.pipeline().remove("frames");
            }
            default -> writeToClient(frame);
        }
    }

    /** During authentication: whole frames, so the client stream stays at a message boundary. */
    private void writeToClient(ByteBuf buf) {
        client.write(buf, client.voidPromise());
        wroteSinceFlush = true;
    }

    private void relayToClient(ByteBuf buf) {
        client.write(buf, client.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (wroteSinceFlush) {
            wroteSinceFlush = false;
            FlushThen.run(client, readServer);
        } else {
            ctx.read();
        }
        frontend.repliesFlushed();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stream.close();
        frontend.failClient(PgErrors.CONNECTION_FAILURE, "the database server at " + context.config().upstream()
                + " closed the connection unexpectedly");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
