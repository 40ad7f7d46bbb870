package io.turnout.protocol.pg.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.turnout.protocol.pg.message.PgWire;
import java.util.List;

/**
 * Frames typed PostgreSQL messages: {@code Byte1 type}, {@code Int32 length} (counting itself, not
 * the type byte), then the payload. Works for both directions.
 *
 * <p>Each frame is emitted as a retained slice of the whole frame, type byte included, so that
 * pass-through traffic is relayed without copying or decoding. Use {@code PgWire.type(frame)} and
 * {@code PgWire.payload(frame)} to look inside.
 *
 * <p>A length below 4 or a frame longer than {@code maxMessageBytes} (type byte included) raises
 * {@link PgProtocolException} (08P01); after that the decoder discards all further input.
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {

    /** Bytes before the payload: the type byte and the length word. */
    public static final int HEADER_BYTES = 5;

    private enum State { FRAME, CORRUPT }

    private final int maxMessageBytes;
    private State state = State.FRAME;

    public PgFrameDecoder(int maxMessageBytes) {
        if (maxMessageBytes < HEADER_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be at least " + HEADER_BYTES + ", got " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case FRAME -> readFrame(in, out);
            case CORRUPT -> in.skipBytes(in.readableBytes());
        }
    }

    private void readFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < HEADER_BYTES) {
            return;
        }
        int start = in.readerIndex();
        byte type = in.getByte(start);
        int length = in.getInt(start + 1);
        if (length < Integer.BYTES || length > maxMessageBytes - 1) {
            state = State.CORRUPT;
            in.skipBytes(in.readableBytes());
            throw PgProtocolException.violation(length < Integer.BYTES
                    ? "invalid length " + length + " in message of type " + PgWire.describeType(type) + " (minimum is 4): the stream is corrupt"
                    : "message of type " + PgWire.describeType(type) + " with " + Integer.toUnsignedString(length) + " bytes exceeds the limit of "
                            + maxMessageBytes + " bytes: send smaller messages or raise the maximum message size");
        }
        int frameBytes = length + 1;
        if (in.readableBytes() < frameBytes) {
            return;
        }
        out.add(in.readRetainedSlice(frameBytes));
    }
}
