package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.mysql.CommandType;
import io.turnout.protocol.mysql.PacketFramer;
import io.turnout.protocol.mysql.PacketTooLargeException;

/**
 * The client-to-server byte stream of a plain (unrouted) session in the command phase: walks the 4-byte packet
 * headers without copying and hands each read on whole, so a read costs one write instead of a framer cumulation,
 * a retained slice and a write per packet.
 *
 * <p>The walk checks what {@link PacketFramer} checked (a logical packet, continuations joined, stays within
 * {@code maxPacketBytes}) and finds the one kind of packet the relay must see whole: a short command that may be a
 * KILL by connection id (a COM_QUERY whose text starts with {@code KILL}, or a COM_PROCESS_KILL), which the
 * {@link Sink} may take over. Such a packet, or a header, cut by the end of a read is carried (at most
 * {@value #CARRY_LIMIT} bytes) and joined with the next read; nothing else is ever copied.
 *
 * <pre>
 *   read:  [hdr|COM_QUERY SELECT ...][hdr|COM_STMT_EXECUTE ...]   -> sink.relay(read)        (one write)
 *   read:  [hdr|COM_QUERY SELECT ...][hdr|COM_QUERY KILL 7]       -> sink.relay(first packet),
 *                                                                    sink.command(KILL packet) or relay(it)
 * </pre>
 */
final class MySqlClientStream {

    /** Where the walked bytes go. */
    interface Sink {
        /** Bytes for the server, in order; the sink owns {@code bytes}. */
        void relay(ByteBuf bytes);

        /**
         * A whole short command packet (header included) that may be a KILL, offered after every earlier byte was
         * relayed. Returns true when the sink took it over (it is then not relayed); never keeps or releases it.
         */
        boolean command(ByteBuf packet, int payloadLength);
    }

    /** Largest packet a KILL can come in: header, command byte and the longest statement worth parsing. */
    static final int CARRY_LIMIT = PacketFramer.HEADER_BYTES + 1 + KillStatement.MAX_LENGTH;

    private final long maxPacketBytes;
    /** Payload bytes of the current packet not yet walked. */
    private long remaining;
    /** Logical length of the continuation chain so far (0 when the next packet starts a new one). */
    private long chainLength;
    /** The start of an unfinished header or KILL candidate from the previous read, or null. */
    private ByteBuf carry;

    MySqlClientStream(long maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    /**
     * Consumes (releases) {@code chunk}, handing its bytes on to {@code sink} in order.
     *
     * @throws PacketTooLargeException when a header announces a logical packet over {@code maxPacketBytes} (the
     *                                 bytes before that packet have been handed on, the rest is dropped)
     */
    void feed(ByteBuf chunk, Sink sink) {
        ByteBuf in = chunk;
        if (carry != null) {
            in = chunk.alloc().heapBuffer(carry.readableBytes() + chunk.readableBytes());
            in.writeBytes(carry).writeBytes(chunk);
            carry.release();
            carry = null;
            chunk.release();
        }
        try {
            walk(in, sink);
        } finally {
            in.release();
        }
    }

    private void walk(ByteBuf in, Sink sink) {
        int end = in.writerIndex();
        int runStart = in.readerIndex();
        int i = runStart;
        while (i < end) {
            if (remaining > 0) {
                int n = (int) Math.min(remaining, end - i);
                i += n;
                remaining -= n;
                continue;
            }
            if (end - i < PacketFramer.HEADER_BYTES) {
                keep(in, i, end);
                end = i;
                break;
            }
            int length = in.getUnsignedMediumLE(i);
            long logical = chainLength + length;
            if (logical > maxPacketBytes) {
                relayRun(in, runStart, i, sink);
                throw new PacketTooLargeException(logical, maxPacketBytes);
            }
            boolean shortCommand = chainLength == 0 && length > 0 && length <= KillStatement.MAX_LENGTH + 1
                    && in.getUnsignedByte(i + 3) == 0;
            int frame = PacketFramer.HEADER_BYTES + length;
            if (shortCommand && end - i < frame) {
                keep(in, i, end); // a short command cut by the read: is it a KILL? walked again with the rest
                end = i;
                break;
            }
            chainLength = length == PacketFramer.MAX_PAYLOAD ? logical : 0;
            if (shortCommand) {
                if (mayBeKill(in, i + PacketFramer.HEADER_BYTES, length)) {
                    relayRun(in, runStart, i, sink);
                    runStart = i;
                    if (sink.command(in.slice(i, frame), length)) {
                        runStart = i + frame;
                    }
                }
            }
            i += PacketFramer.HEADER_BYTES;
            remaining = length;
        }
        relayRun(in, runStart, end, sink);
    }

    /** COM_PROCESS_KILL, or a COM_QUERY whose text starts with KILL after ASCII white space (as KillStatement). */
    private static boolean mayBeKill(ByteBuf in, int payload, int length) {
        int command = in.getUnsignedByte(payload);
        if (command == CommandType.COM_PROCESS_KILL.id()) {
            return true;
        }
        if (command != CommandType.COM_QUERY.id()) {
            return false;
        }
        for (int j = payload + 1; j < payload + length; j++) {
            byte b = in.getByte(j);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0B) {
                return b == 'K' || b == 'k';
            }
        }
        return false;
    }

    private static void relayRun(ByteBuf in, int from, int to, Sink sink) {
        if (to <= from) {
            return;
        }
        boolean whole = from == in.readerIndex() && to == in.writerIndex();
        sink.relay(whole ? in.retain() : in.retainedSlice(from, to - from));
    }

    private void keep(ByteBuf in, int from, int to) {
        carry = in.alloc().heapBuffer(CARRY_LIMIT);
        carry.writeBytes(in, from, to - from);
    }

    /** Releases a carried partial packet (session end). */
    void close() {
        if (carry != null) {
            carry.release();
            carry = null;
        }
    }
}
