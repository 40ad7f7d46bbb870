package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.turnout.protocol.mysql.CommandType;
import io.turnout.protocol.mysql.Packet;
import io.turnout.protocol.mysql.PacketFramer;
import java.util.OptionalLong;

/**
 * The command phase: client frames go to the server as the same retained buffers, server bytes go to the client
 * unframed. Writes are flushed once per read batch, and a side is read only while the other side's outbound buffer is
 * below its high-water mark, so a slow reader holds the server back instead of growing the proxy's memory.
 *
 * <p>The only command the proxy looks into is a short COM_QUERY that is a {@link KillStatement} (and the old
 * COM_PROCESS_KILL): the client knows the proxy's connection ids, the server its own thread ids.
 */
final class CommandRelay {
    private final Channel client;
    private final Channel upstream;
    private final ListenerContext context;
    /** The last client frame had a full 16 MiB payload, so the next one continues it (never a command). */
    private boolean continuation;

    CommandRelay(Channel client, Channel upstream, ListenerContext context) {
        this.client = client;
        this.upstream = upstream;
        this.context = context;
    }

    void fromClient(ByteBuf frame) {
        int length = PacketFramer.payloadLength(frame);
        boolean commandStart = !continuation && PacketFramer.sequenceId(frame) == 0 && length > 0;
        continuation = length == PacketFramer.MAX_PAYLOAD;
        if (commandStart && length <= KillStatement.MAX_LENGTH + 1 && rewroteKill(frame, length)) {
            return;
        }
        upstream.write(frame, upstream.voidPromise());
    }

    void fromUpstream(ByteBuf bytes) {
        client.write(bytes, client.voidPromise());
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
        client.config().setAutoRead(writable);
        if (!writable) {
            upstream.flush();
        }
    }

    /** Handles KILL by proxy connection id; returns true when the frame was consumed. */
    private boolean rewroteKill(ByteBuf frame, int length) {
        int start = frame.readerIndex() + PacketFramer.HEADER_BYTES;
        int command = frame.getUnsignedByte(start);
        long target;
        ByteBuf payload;
        if (command == CommandType.COM_QUERY.id()) {
            KillStatement kill = KillStatement.parse(ByteBufUtil.getBytes(frame, start + 1, length - 1));
            if (kill == null) {
                return false;
            }
            target = kill.connectionId();
            OptionalLong serverId = context.registry().serverThreadId(target);
            if (serverId.isEmpty()) {
                return refuse(frame, target);
            }
            byte[] sql = kill.withConnectionId(serverId.getAsLong());
            payload = upstream.alloc().buffer(1 + sql.length).writeByte(command).writeBytes(sql);
        } else if (command == CommandType.COM_PROCESS_KILL.id() && length == 5) {
            target = frame.getUnsignedIntLE(start + 1);
            OptionalLong serverId = context.registry().serverThreadId(target);
            if (serverId.isEmpty()) {
                return refuse(frame, target);
            }
            payload = upstream.alloc().buffer(5).writeByte(command).writeIntLE((int) serverId.getAsLong());
        } else {
            return false;
        }
        frame.release();
        upstream.write(Packet.encode(upstream.alloc(), 0, payload).frames(), upstream.voidPromise());
        return true;
    }

    private boolean refuse(ByteBuf frame, long target) {
        frame.release();
        client.write(ErrFrames.frame(client.alloc(), 1, new MySqlProxyException(MySqlProxyException.NO_SUCH_THREAD,
                "HY000", "Unknown thread id: " + target)), client.voidPromise());
        client.flush();
        return true;
    }
}
