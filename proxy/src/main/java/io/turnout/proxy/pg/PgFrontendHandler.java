package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.turnout.protocol.pg.codec.PgProtocolException;
import io.turnout.protocol.pg.message.BackendKeyData;
import io.turnout.protocol.pg.message.CancelRequest;
import io.turnout.protocol.pg.message.PgWire;
import io.turnout.protocol.pg.message.StartupMessage;
import io.turnout.protocol.pg.message.StartupPacket;
import io.turnout.protocol.pg.message.Query;
import io.turnout.proxy.control.ReadRouter;
import io.turnout.proxy.route.DeferredReads;
import io.turnout.proxy.route.SessionView;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;

import java.nio.charset.StandardCharsets;

/**
 * The client side of one PostgreSQL session.
 *
 * <pre>
 *  client                Turnout                         server
 *    | SSLRequest  -------> | 'S' + TLS handshake (or 'N')    |
 *    | StartupMessage ----> | connect upstream ------------->  | (SSLRequest + TLS when configured)
 *    |                      | StartupMessage --------------->  |
 *    | <------------- auth exchange relayed (SCRAM -PLUS offers removed) --------- |
 *    | <---------------- BackendKeyData replaced by the proxy's own key ----------- |
 *    | <----------------------------- ReadyForQuery ------------------------------- |
 *    | frames ------------> | relayed as raw chunks --------->  |  (as frames when a planner looks at them)
 *    | <------------------- | relayed as raw chunks <--------  |
 * </pre>
 *
 * Both channels run with AUTO_READ off: each side reads again only once what it read has been flushed to the other
 * side, so a slow reader stops the writer instead of growing the proxy's memory.
 */
final class PgFrontendHandler extends ChannelInboundHandlerAdapter {

    /** Where the session is; one transition method, {@link #moveTo}. */
    enum State {
        STARTUP,
        CONNECTING,
        AUTHENTICATING,
        READY,
        CLOSED
    }

    private final PgListenerContext context;
    private State state = State.STARTUP;
    private Channel client;
    private PgBackendConnection backend;
    private boolean wroteSinceFlush;
    private BackendKeyData proxyKey;
    private final StatementPlanner planner;
    /** With a planner: it, told of ended reads once their replies are flushed to the client; else null. */
    private final DeferredReads deferredReads;
    private final PgReplyQueue replies;
    private final PgBackendStream backendStream;
    /** Null when a planner must see each statement: then {@link #clientFrames} shows it each message. */
    private final PgClientStream clientStream;
    private final PgClientFrames clientFrames;
    private Runnable readClient;
    private long stickyKey;
    private final PgTransactionPath transaction = new PgTransactionPath();
    private PgExtendedRouter extended;

    PgFrontendHandler(PgListenerContext context) {
        this.context = context;
        StatementPlanner session = context.planner().forSession();
        this.deferredReads = context.planner() != StatementPlanner.PASS_THROUGH ? new DeferredReads(session) : null;
        this.planner = deferredReads != null ? deferredReads : session;
        this.replies = new PgReplyQueue(planner);
        this.backendStream = new PgBackendStream(replies, status -> {
            transaction.ready();
            planner.ready(status);
        });
        int maxMessageBytes = context.config().limits().maxMessageBytes();
        boolean planned = context.planner() != StatementPlanner.PASS_THROUGH;
        this.clientStream = planned ? null : new PgClientStream(maxMessageBytes);
        this.clientFrames = planned ? new PgClientFrames(maxMessageBytes, this::toServer) : null;
    }

    private void moveTo(State next) {
        if (state == State.CLOSED) {
            return;
        }
        state = next;
    }

    State state() {
        return state;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        readClient = ctx::read;
        if (!context.connections().admit(client)) {
            moveTo(State.CLOSED);
            PgErrors.fatalAndClose(client, PgErrors.TOO_MANY_CONNECTIONS, "sorry, too many clients already: Turnout "
                    + "accepts at most " + context.connections().max() + " connections on listener '"
                    + context.config().name() + "' (limits.maxClientConnections)");
            return;
        }
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        switch (state) {
            case STARTUP -> startupPacket(ctx, frame);
            case AUTHENTICATING, READY -> {
                if (clientStream != null) {
                    relayChunk(frame);
                } else {
                    relayMessages(frame);
                }
            }
            default -> frame.release();
        }
    }

    private void startupPacket(ChannelHandlerContext ctx, ByteBuf frame) {
        try {
            switch (StartupPacket.classify(frame)) {
                case SSL_REQUEST -> answerSslRequest(ctx);
                case GSSENC_REQUEST -> {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
                    ctx.read();
                }
                case CANCEL_REQUEST -> {
                    CancelRequest cancel = CancelRequest.decode(frame);
                    moveTo(State.CLOSED);
                    context.cancelKeys().lookup(cancel.processId(), cancel.secretKey())
                            .ifPresent(key -> PgCancelSender.send(context, client, key));
                    ctx.close();
                }
                case STARTUP_MESSAGE -> connect(ctx, frame.retain());
                case UNKNOWN -> {
                    moveTo(State.CLOSED);
                    PgErrors.fatalAndClose(client, PgErrors.PROTOCOL_VIOLATION, "invalid startup packet: Turnout "
                            + "speaks protocol 3.x (expected StartupMessage, SSLRequest, GSSENCRequest or "
                            + "CancelRequest)");
                }
            }
        } finally {
            frame.release();
        }
    }

    private void answerSslRequest(ChannelHandlerContext ctx) {
        if (context.clientTls() == null || ctx.pipeline().get("tls") != null) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
        } else {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
            ctx.pipeline().addFirst("tls", context.clientTls().newHandler(ctx.alloc()));
        }
        ctx.read();
    }

    private void connect(ChannelHandlerContext ctx, ByteBuf startupFrame) {
        moveTo(State.CONNECTING);
        StartupMessage startup = StartupMessage.decode(startupFrame.duplicate());
        stickyKey = ReadRouter.sessionKey(startup.user(), startup.parameters().getOrDefault("application_name", ""),
                String.valueOf(client.remoteAddress()));
        ctx.pipeline().remove("startup");
        backend = new PgBackendConnection(context, this, client, startupFrame, backendStream);
        if (clientFrames != null) {
            extended = new PgExtendedRouter(planner, replies, this::sessionView, this::planned,
                    clientFrames::emit, client.alloc(), transaction::sent);
            clientFrames.messages(this::message);
        }
        backend.open();
    }

    /** Called by the backend once the server connection is up and the StartupMessage went out. */
    void backendStarted() {
        moveTo(State.AUTHENTICATING);
        client.read();
    }

    /** Called by the backend when the server's first ReadyForQuery passed. */
    void backendReady(BackendKeyData keyGivenToClient) {
        proxyKey = keyGivenToClient;
        moveTo(State.READY);
    }

    /** Without a planner: the chunk goes to the server whole once its message headers are checked. */
    private void relayChunk(ByteBuf chunk) {
        if (backend == null || !backend.isActive()) {
            chunk.release();
            return;
        }
        PgClientStream.Fed fed;
        try {
            fed = clientStream.feed(chunk, backend::write);
        } catch (PgProtocolException e) {
            failClient(e.sqlState(), e.getMessage());
            return;
        }
        wroteSinceFlush = true;
        if (fed == PgClientStream.Fed.TERMINATED) {
            moveTo(State.CLOSED);
            backend.flushAndClose();
            client.close();
        }
    }

    /** With a planner: each message shown to {@link #message}, what goes as it came relayed in runs. */
    private void relayMessages(ByteBuf chunk) {
        if (backend == null || !backend.isActive()) {
            chunk.release();
            return;
        }
        PgClientStream.Fed fed;
        try {
            fed = clientFrames.feed(chunk);
        } catch (PgProtocolException e) {
            failClient(e.sqlState(), e.getMessage());
            return;
        }
        wroteSinceFlush = true;
        if (fed == PgClientStream.Fed.TERMINATED) {
            moveTo(State.CLOSED);
            backend.flushAndClose();
            client.close();
        }
    }

    /** One client message (type and length checked); true to relay it as it came. */
    private boolean message(byte type, ByteBuf message) {
        if (isExtendedMessage(type)) {
            return extended.onMessage(type, message);
        }
        if (type == 'Q') {
            return query(message);
        }
        if (type == 'F') {
            replies.expectPassThrough();
        }
        return true;
    }

    private void toServer(ByteBuf buf) {
        backend.write(buf);
    }

    private static boolean isExtendedMessage(byte type) {
        return switch (type) {
            case 'P', 'B', 'E', 'D', 'C', 'S', 'H' -> true;
            default -> false;
        };
    }

    private SessionView sessionView() {
        return transaction.view(stickyKey, backendStream.transactionStatus());
    }

    private void planned(StatementPlan plan) {
        transaction.planned(plan, backendStream.transactionStatus());
    }

    /** A simple-protocol Query: true to relay it as is, else replaced by what the planner says. */
    private boolean query(ByteBuf frame) {
        ByteBuf payload = PgWire.payload(frame);
        String sql = payload.toString(payload.readerIndex(), Math.max(0, payload.readableBytes() - 1),
                StandardCharsets.UTF_8);
        extended.onSimpleQuery(sql);
        transaction.sent(sql);
        StatementPlan plan = planner.plan(sql, sessionView());
        if (plan == null) {
            replies.expectPassThrough();
            return true;
        }
        planned(plan);
        replies.expectPlan(plan);
        ByteBuf out = client.alloc().buffer();
        new Query(plan.joinedSql()).encode(out);
        clientFrames.emit(out);
        return false;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.CLOSED) {
            return;
        }
        if (wroteSinceFlush && backend != null) {
            wroteSinceFlush = false;
            backend.flushThen(readClient);
        } else if (state != State.CONNECTING) {
            ctx.read();
        }
    }

    /** The server's replies read so far were flushed to the client: the reads among them are told now. */
    void repliesFlushed() {
        if (deferredReads != null) {
            deferredReads.afterFlush();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        moveTo(State.CLOSED);
        repliesFlushed();
        if (proxyKey != null) {
            context.cancelKeys().unregister(proxyKey);
        }
        if (backend != null) {
            backend.close();
        }
        if (clientFrames != null) {
            clientFrames.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            failClient(PgErrors.IDLE_SESSION_TIMEOUT, "terminating connection due to idle timeout of Turnout ("
                    + context.config().limits().idleTimeout().toSeconds() + " s, limits.idleTimeoutSeconds)");
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        PgProtocolException violation = findViolation(cause);
        if (violation != null) {
            failClient(violation.sqlState(), violation.getMessage());
        } else {
            moveTo(State.CLOSED);
            ctx.close();
        }
    }

    /** Sends a FATAL error if the client stream is between two messages (otherwise just closes), and closes both. */
    void failClient(String sqlState, String message) {
        if (state == State.CLOSED) {
            return;
        }
        moveTo(State.CLOSED);
        if (backend != null) {
            backend.close();
        }
        if (backend == null || backend.clientStreamAtBoundary()) {
            PgErrors.fatalAndClose(client, sqlState, message);
        } else {
            client.close();
        }
    }

    private static PgProtocolException findViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PgProtocolException p) {
                return p;
            }
        }
        return null;
    }

    static boolean isFrontendType(byte type) {
        return switch (type) {
            case 'B', 'C', 'd', 'c', 'f', 'D', 'E', 'H', 'F', 'P', 'p', 'Q', 'S', 'X' -> true;
            default -> false;
        };
    }
}
