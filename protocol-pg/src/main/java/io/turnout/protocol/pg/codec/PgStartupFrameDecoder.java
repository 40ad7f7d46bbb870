package io.turnout.protocol.pg.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames the untyped messages of the startup phase (StartupMessage, SSLRequest, GSSENCRequest,
 * CancelRequest): {@code Int32 length} (counting itself) followed by the payload.
 *
 * <p>Each frame is emitted as a retained slice of the whole frame, length included, so it can be
 * relayed untouched or classified with {@code StartupPacket.classify}. One frame is emitted per
 * decode call; the handler that consumes it decides what comes next and swaps this decoder for
 * {@link PgFrameDecoder} when the startup phase is over. Bytes this decoder has already buffered
 * are fired to the replacement <em>during</em> {@code pipeline.replace(...)}, so finish with the
 * current frame before replacing (see {@code PgStartupFrameDecoderTest}).
 *
 * <p>A length below 8 or above {@code maxStartupBytes} raises {@link PgProtocolException} (08P01);
 * after that the decoder discards all further input.
 */
public final class PgStartupFrameDecoder extends ByteToMessageDecoder {

    /** Smallest legal startup frame: the length word plus a 4-byte request code. */
    public static final int MIN_FRAME_BYTES = 8;

    private enum State { FRAME, CORRUPT }

    private final int maxStartupBytes;
    private State state = State.FRAME;

    public PgStartupFrameDecoder(int maxStartupBytes) {
        if (maxStartupBytes < MIN_FRAME_BYTES) {
            throw new IllegalArgumentException("maxStartupBytes must be at least " + MIN_FRAME_BYTES + ", got " + maxStartupBytes);
        }
        this.maxStartupBytes = maxStartupBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case FRAME -> readFrame(in, out);
            case CORRUPT -> in.skipBytes(in.readableBytes());
        }
    }

    private void readFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < Integer.BYTES) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < MIN_FRAME_BYTES || length > maxStartupBytes) {
            state = State.CORRUPT;
            in.skipBytes(in.readableBytes());
            throw PgProtocolException.violation(length < MIN_FRAME_BYTES
                    ? "invalid startup packet length " + length + " (minimum is " + MIN_FRAME_BYTES + "): the client does not speak the PostgreSQL protocol"
                    : "startup packet of " + Integer.toUnsignedString(length) + " bytes exceeds the limit of " + maxStartupBytes
                            + " bytes: send fewer or shorter startup parameters, or raise the startup packet limit");
        }
        if (in.readableBytes() < length) {
            return;
        }
        out.add(in.readRetainedSlice(length));
    }
}
