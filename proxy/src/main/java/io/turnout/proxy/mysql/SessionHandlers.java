package io.turnout.proxy.mysql;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;

/** The two pipeline ends of a {@link MySqlSession}: they only forward events to it. */
final class SessionHandlers {
    private SessionHandlers() {}

    static final class Client extends ChannelInboundHandlerAdapter {
        private final MySqlSession session;
        private final Duration idleTimeout;

        Client(MySqlSession session, Duration idleTimeout) {
            this.session = session;
            this.idleTimeout = idleTimeout;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            session.start();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            session.fromClient(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            session.clientReadComplete();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            session.clientWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                session.fail(new MySqlProxyException(MySqlProxyException.IDLE_TIMEOUT, "HY000",
                        "Turnout: the client was disconnected after " + idleTimeout.toMillis()
                                + " ms of inactivity (idleTimeout)"));
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            session.fail(cause);
        }
    }

    static final class Upstream extends ChannelInboundHandlerAdapter {
        private final MySqlSession session;

        Upstream(MySqlSession session) {
            this.session = session;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            session.fromUpstream(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            session.upstreamReadComplete();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            session.upstreamWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            session.fail(new MySqlProxyException(MySqlProxyException.UPSTREAM_LOST, "08S01",
                    "Turnout: error on the server connection: " + ErrFrames.classify(cause).getMessage()));
        }
    }
}
