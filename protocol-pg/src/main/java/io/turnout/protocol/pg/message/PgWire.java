package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * Readers and writers for the data types of the PostgreSQL protocol spec (Int8/Int16/Int32,
 * String = NUL-terminated UTF-8, Byte-n), plus helpers to frame messages.
 *
 * <p>Every reader checks the bytes left and throws {@link PgProtocolException} (08P01) rather than
 * {@code IndexOutOfBoundsException}, so a malformed payload is always a protocol error.
 */
public final class PgWire {

    private PgWire() {
    }

    // ---- readers -----------------------------------------------------------------------------

    public static byte readInt8(ByteBuf in) {
        require(in, 1, "Byte1");
        return in.readByte();
    }

    public static short readInt16(ByteBuf in) {
        require(in, 2, "Int16");
        return in.readShort();
    }

    /** Reads an Int16 used as a count: it must not be negative. */
    public static int readCount16(ByteBuf in, String what) {
        int count = readInt16(in);
        if (count < 0) {
            throw PgProtocolException.violation("negative " + what + " count " + count);
        }
        return count;
    }

    public static int readInt32(ByteBuf in) {
        require(in, 4, "Int32");
        return in.readInt();
    }

    /** Reads a NUL-terminated UTF-8 string and consumes the terminator. */
    public static String readString(ByteBuf in) {
        int length = in.bytesBefore((byte) 0);
        if (length < 0) {
            throw PgProtocolException.violation("string is not NUL-terminated (" + in.readableBytes() + " bytes left in the message)");
        }
        if (length == 0) {
            in.skipBytes(1);
            return ""; // the unnamed statement or portal, in most Bind and Execute messages
        }
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length + 1);
        return value;
    }

    /** Reads Byte-n into a new array. */
    public static byte[] readBytes(ByteBuf in, int n) {
        if (n < 0) {
            throw PgProtocolException.violation("negative byte count " + n);
        }
        require(in, n, "Byte" + n);
        byte[] bytes = new byte[n];
        in.readBytes(bytes);
        return bytes;
    }

    /** Reads everything left in the payload. */
    public static byte[] readRemaining(ByteBuf in) {
        return readBytes(in, in.readableBytes());
    }

    /** Reads an Int32 length then that many bytes; length -1 means SQL NULL and returns {@code null}. */
    public static byte[] readNullableBytes(ByteBuf in) {
        int length = readInt32(in);
        if (length == -1) {
            return null;
        }
        if (length < -1) {
            throw PgProtocolException.violation("invalid value length " + length);
        }
        return readBytes(in, length);
    }

    /** Fails unless the payload was read to its end. */
    public static void requireFullyRead(ByteBuf in, String message) {
        if (in.isReadable()) {
            throw PgProtocolException.violation(message + " has " + in.readableBytes() + " unexpected trailing bytes");
        }
    }

    private static void require(ByteBuf in, int n, String type) {
        if (in.readableBytes() < n) {
            throw PgProtocolException.violation("message truncated: expected " + type + " but only " + in.readableBytes() + " bytes left");
        }
    }

    // ---- writers -----------------------------------------------------------------------------

    public static void writeString(ByteBuf out, String value) {
        out.writeCharSequence(value, StandardCharsets.UTF_8);
        out.writeByte(0);
    }

    /** Writes an Int32 length then the bytes; {@code null} is written as length -1 (SQL NULL). */
    public static void writeNullableBytes(ByteBuf out, byte[] value) {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length);
            out.writeBytes(value);
        }
    }

    /** Writes the type byte and a length placeholder; returns the index of the length word. */
    public static int beginMessage(ByteBuf out, byte type) {
        out.writeByte(type);
        return beginUntyped(out);
    }

    /** Writes a length placeholder for an untyped (startup-phase) message; returns its index. */
    public static int beginUntyped(ByteBuf out) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        return lengthIndex;
    }

    /** Fills in the length word written by {@link #beginMessage} or {@link #beginUntyped}. */
    public static void endMessage(ByteBuf out, int lengthIndex) {
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex);
    }

    /** Writes a message that has a type byte and no payload. */
    public static void writeEmpty(ByteBuf out, byte type) {
        out.writeByte(type);
        out.writeInt(4);
    }

    // ---- frames ------------------------------------------------------------------------------

    /** The type byte of a typed frame as emitted by {@code PgFrameDecoder}. */
    public static byte type(ByteBuf frame) {
        return frame.getByte(frame.readerIndex());
    }

    /**
     * The payload of a typed frame (after the type byte and length word), as a slice that shares
     * the frame's memory and reference count: it is not retained, do not release it separately.
     */
    public static ByteBuf payload(ByteBuf frame) {
        if (frame.readableBytes() < 5 || frame.getInt(frame.readerIndex() + 1) != frame.readableBytes() - 1) {
            throw PgProtocolException.violation("not a whole typed frame: " + frame.readableBytes() + " bytes"
                    + (frame.readableBytes() >= 5 ? " but length word " + frame.getInt(frame.readerIndex() + 1) : ""));
        }
        return frame.slice(frame.readerIndex() + 5, frame.readableBytes() - 5);
    }

    /** A type byte for messages: {@code 'Q'} when printable, {@code 0x00} otherwise. */
    public static String describeType(byte type) {
        int unsigned = type & 0xFF;
        return unsigned >= 0x20 && unsigned < 0x7F ? "'" + (char) unsigned + "'" : String.format("0x%02X", unsigned);
    }

    /** The payload of an untyped startup frame (after the length word); a non-retained slice. */
    public static ByteBuf startupPayload(ByteBuf frame) {
        if (frame.readableBytes() < 4 || frame.getInt(frame.readerIndex()) != frame.readableBytes()) {
            throw PgProtocolException.violation("not a whole startup frame: " + frame.readableBytes() + " bytes");
        }
        return frame.slice(frame.readerIndex() + 4, frame.readableBytes() - 4);
    }
}
