package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.turnout.protocol.mysql.CommandType;
import io.turnout.protocol.mysql.Packet;
import io.turnout.protocol.mysql.PacketFramer;
import io.turnout.proxy.route.DeferredReads;
import java.util.OptionalLong;

/**
 * The command phase: client bytes go to the server as read (walked by {@link MySqlClientStream}), server bytes go to
 * the client unframed. Writes are flushed once per read batch, and a side is read only while the other side's outbound buffer is
 * below its high-water mark, so a slow reader holds the server back instead of growing the proxy's memory.
 *
 * <p>On a plain listener the only command the proxy looks into is a short COM_QUERY that is a {@link KillStatement}
 * (and the old COM_PROCESS_KILL): the client knows the proxy's connection ids, the server its own thread ids. On a
 * listener that applies migrations, commands go through {@link RoutedCommands} instead (KILL rewriting included).
 */
final class CommandRelay implements MySqlClientStream.Sink {
    private final Channel client;
    private final Channel upstream;
    private final ListenerContext context;
    /** Unrouted sessions: the client's bytes, walked and relayed as read (null when routed). */
    private final MySqlClientStream stream;
    private final RoutedCommands routed;
    /** Routed: the session's planner, told of ended reads once their replies are flushed (null when plain). */
    private final DeferredReads reads;
    /** Routed commands wait for an exchange: the client is not read meanwhile. */
    private boolean clientPaused;

    CommandRelay(Channel client, Channel upstream, ListenerContext context) {
        this(client, upstream, context, 0, 0, -1);
    }

    /**
     * @param capabilities the capabilities negotiated with the server (used when the listener routes)
     * @param status       the server status flags of the authentication OK, -1 if unknown
     */
    CommandRelay(Channel client, Channel upstream, ListenerContext context, long stickyKey, int capabilities,
                 int status) {
        this.client = client;
        this.upstream = upstream;
        this.context = context;
        this.reads = context.routed() ? new DeferredReads(context.planner().forSession()) : null;
        this.routed = context.routed() ? new RoutedCommands(client, upstream, reads, stickyKey,
                capabilities, new RoutedCommands.ClientReads() {
                    @Override
                    public void pause() {
                        clientPaused = true;
                        client.config().setAutoRead(false);
                    }

                    @Override
                    public void resume() {
                        if (clientPaused) {
                            clientPaused = false;
                            client.config().setAutoRead(upstream.isWritable());
                        }
                    }
                }, this::killRewrite, status) : null;
        this.stream = routed == null ? new MySqlClientStream(context.settings().maxPacketBytes()) : null;
    }

    /** Routed: one client frame. Plain: raw client bytes (the client's framer is gone). */
    void fromClient(ByteBuf bytes) {
        if (routed != null) {
            routed.fromClient(bytes);
        } else {
            stream.feed(bytes, this);
        }
    }

    @Override
    public void relay(ByteBuf bytes) {
        upstream.write(bytes, upstream.voidPromise());
    }

    /** Handles KILL by proxy connection id; returns true when the packet was taken over. */
    @Override
    public boolean command(ByteBuf packet, int payloadLength) {
        KillRewrite k = killRewrite(packet, payloadLength);
        if (k == null) {
            return false;
        }
        if (k.refusal() != null) {
            client.write(ErrFrames.frame(client.alloc(), 1, k.refusal()), client.voidPromise());
            client.flush();
        } else {
            upstream.write(k.frame(), upstream.voidPromise());
        }
        return true;
    }

    void fromUpstream(ByteBuf bytes) {
        if (routed != null) {
            routed.fromUpstream(bytes);
            return;
        }
        client.write(bytes, client.voidPromise());
    }

    /** Session end: releases what routed commands still hold. */
    void close() {
        if (routed != null) {
            routed.close();
            reads.afterFlush();
        } else {
            stream.close();
        }
    }

    /**
     * Reading switches from one {@code read()} per batch (authentication) to AUTO_READ while the other side keeps up:
     * re-arming a read on every batch costs an epoll_ctl pair per packet. Backpressure stays exact: a side stops being
     * read as soon as the other side's outbound buffer passes its high-water mark, and resumes when it drains.
     */
    void start() {
        client.config().setAutoRead(upstream.isWritable());
        upstream.config().setAutoRead(client.isWritable());
    }

    void clientReadComplete() {
        upstream.flush();
    }

    void upstreamReadComplete() {
        client.flush();
        if (reads != null) {
            reads.afterFlush();
        }
    }

    void clientWritabilityChanged() {
        boolean writable = client.isWritable();
        upstream.config().setAutoRead(writable);
        if (!writable) {
            client.flush();
        }
    }

    void upstreamWritabilityChanged() {
        boolean writable = upstream.isWritable();
        client.config().setAutoRead(writable && !clientPaused);
        if (!writable) {
            upstream.flush();
        }
    }

    /** A KILL command with the server's thread id, or the error for an unknown id. */
    record KillRewrite(ByteBuf frame, MySqlProxyException refusal) {
    }

    /** The rewrite of a KILL command frame (the frame is left alone), or null when it is no KILL. */
    KillRewrite killRewrite(ByteBuf frame, int length) {
        if (length > KillStatement.MAX_LENGTH + 1) {
            return null;
        }
        int start = frame.readerIndex() + PacketFramer.HEADER_BYTES;
        int command = frame.getUnsignedByte(start);
        long target;
        ByteBuf payload;
        if (command == CommandType.COM_QUERY.id()) {
            KillStatement kill = KillStatement.parse(ByteBufUtil.getBytes(frame, start + 1, length - 1));
            if (kill == null) {
                return null;
            }
            target = kill.connectionId();
            OptionalLong serverId = context.registry().serverThreadId(target);
            if (serverId.isEmpty()) {
                return refusal(target);
            }
            byte[] sql = kill.withConnectionId(serverId.getAsLong());
            payload = upstream.alloc().buffer(1 + sql.length).writeByte(command).writeBytes(sql);
        } else if (command == CommandType.COM_PROCESS_KILL.id() && length == 5) {
            target = frame.getUnsignedIntLE(start + 1);
            OptionalLong serverId = context.registry().serverThreadId(target);
            if (serverId.isEmpty()) {
                return refusal(target);
            }
            payload = upstream.alloc().buffer(5).writeByte(command).writeIntLE((int) serverId.getAsLong());
        } else {
            return null;
        }
        return new KillRewrite(Packet.encode(upstream.alloc(), 0, payload).frames(), null);
    }

    private static KillRewrite refusal(long target) {
        return new KillRewrite(null, new MySqlProxyException(MySqlProxyException.NO_SUCH_THREAD, "HY000",
                "Unknown thread id: " + target));
    }
}
