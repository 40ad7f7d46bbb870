package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;
import io.turnout.protocol.pg.message.PgWire;

import java.util.function.Consumer;

/**
 * The client-to-server byte stream of a session whose statements nobody needs to see (no planner): walks the 5-byte
 * message headers without copying, checks each type and length as {@code PgFrameDecoder} and the session would, and
 * hands each chunk on whole, so a read costs one write instead of one retained slice and one write per message.
 * A Terminate ends the stream: the bytes after it are not relayed.
 */
final class PgClientStream {

    /** What a chunk held. */
    enum Fed {
        MORE,
        TERMINATED
    }

    private final int maxMessageBytes;
    private final byte[] header = new byte[5];
    private int headerFill;
    private long remaining;

    PgClientStream(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Consumes (releases) {@code chunk}: hands it on to {@code out} (up to a Terminate's end) once every message
     * header in it is valid, or hands on nothing and throws.
     *
     * @throws PgProtocolException on an invalid length, an oversized message or an unknown message type
     */
    Fed feed(ByteBuf chunk, Consumer<ByteBuf> out) {
        int start = chunk.readerIndex();
        int end = chunk.writerIndex();
        int i = start;
        try {
            while (i < end) {
                if (remaining > 0) {
                    int n = (int) Math.min(remaining, end - i);
                    i += n;
                    remaining -= n;
                    continue;
                }
                byte type;
                int length;
                if (headerFill == 0 && end - i >= 5) {
                    type = chunk.getByte(i);
                    length = chunk.getInt(i + 1);
                    i += 5;
                } else {
                    int take = Math.min(5 - headerFill, end - i);
                    chunk.getBytes(i, header, headerFill, take);
                    headerFill += take;
                    i += take;
                    if (headerFill < 5) {
                        break;
                    }
                    headerFill = 0;
                    type = header[0];
                    length = ((header[1] & 0xFF) << 24) | ((header[2] & 0xFF) << 16) | ((header[3] & 0xFF) << 8)
                            | (header[4] & 0xFF);
                }
                check(type, length, maxMessageBytes);
                remaining = length - 4;
                if (type == 'X') {
                    int through = (int) Math.min(end, i + remaining);
                    remaining = 0;
                    out.accept(chunk.retainedSlice(start, through - start));
                    return Fed.TERMINATED;
                }
            }
            out.accept(chunk.retain());
            return Fed.MORE;
        } finally {
            chunk.release();
        }
    }

    /**
     * Checks one message header as {@code PgFrameDecoder} and the session would.
     *
     * @return the length word (the message's size without its type byte)
     * @throws PgProtocolException on an invalid length, an oversized message or an unknown message type
     */
    static int check(byte type, int length, int maxMessageBytes) {
        if (length < Integer.BYTES || length > maxMessageBytes - 1) {
            throw PgProtocolException.violation(length < Integer.BYTES
                    ? "invalid length " + length + " in message of type " + PgWire.describeType(type)
                            + " (minimum is 4): the stream is corrupt"
                    : "message of type " + PgWire.describeType(type) + " with " + Integer.toUnsignedString(length)
                            + " bytes exceeds the limit of " + maxMessageBytes
                            + " bytes: send smaller messages or raise the maximum message size");
        }
        if (!PgFrontendHandler.isFrontendType(type)) {
            throw PgProtocolException.violation("unknown frontend message type " + PgWire.describeType(type));
        }
        return length;
    }
}
