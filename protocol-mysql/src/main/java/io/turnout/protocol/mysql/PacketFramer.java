package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
  * Cuts a byte stream into physical MySQL packets: an unsigned 3-byte little-endian payload length,
  * a one-byte sequence id, then the payload. Each packet is emitted as a retained slice of the whole
  * frame (header included) so that pass-through traffic is forwarded without a copy.
  *
  * <p>A payload of exactly {@link #MAX_PAYLOAD} bytes means "continued in the next packet"; the
  * framer tracks the running length of such a chain and enforces {@code maxPacketBytes} on the
  * logical packet as soon as the header announcing the excess arrives (nothing is buffered past it).
  */
public final class PacketFramer extends ByteToMessageDecoder {
    /** Largest payload of one physical packet; a payload of this size is followed by a continuation. */
    public static final int MAX_PAYLOAD = 0xFFFFFF;
    public static final int HEADER_BYTES = 4;

    private final long maxPacketBytes;
    private long chainLength;

    public PacketFramer(long maxPacketBytes) {
        if (maxPacketBytes <= 0) {
            throw new IllegalArgumentException("maxPacketBytes must be positive, got " + maxPacketBytes);
        }
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= HEADER_BYTES) {
            int start = in.readerIndex();
            int payloadLength = in.getUnsignedMediumLE(start);
            long logical = chainLength + payloadLength;
            if (logical > maxPacketBytes) {
                in.skipBytes(in.readableBytes());
                throw new PacketTooLargeException(logical, maxPacketBytes);
            }
            int frameLength = HEADER_BYTES + payloadLength;
            if (in.readableBytes() < frameLength) {
                return;
            }
            chainLength = payloadLength == MAX_PAYLOAD ? logical : 0;
            out.add(in.retainedSlice(start, frameLength));
            in.skipBytes(frameLength);
        }
    }

    /** True while the last emitted packet announced a continuation. */
    public boolean inContinuation() {
        return chainLength > 0;
    }

    /** Payload length of a frame emitted by this framer. */
    public static int payloadLength(ByteBuf frame) {
        return frame.getUnsignedMediumLE(frame.readerIndex());
    }

    /** Sequence id of a frame emitted by this framer. */
    public static int sequenceId(ByteBuf frame) {
        return frame.getUnsignedByte(frame.readerIndex() + 3);
    }

    /** Rewrites the sequence id of a frame in place. */
    public static void setSequenceId(ByteBuf frame, int sequenceId) {
        frame.setByte(frame.readerIndex() + 3, sequenceId);
    }
}
