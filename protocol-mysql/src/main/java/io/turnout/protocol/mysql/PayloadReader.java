package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
  * Reads the protocol's basic data types from a payload, named as in the MySQL client/server protocol
  * documentation. All integers are little-endian and unsigned; an underflow is a
  * {@link MySqlProtocolException}, never an IndexOutOfBoundsException.
  */
public final class PayloadReader {
    private final ByteBuf buf;

    public PayloadReader(ByteBuf buf) {
        this.buf = buf;
    }

    public int remaining() {
        return buf.readableBytes();
    }

    public boolean hasRemaining() {
        return buf.isReadable();
    }

    public int peekInt1() {
        need(1, "int<1>");
        return buf.getUnsignedByte(buf.readerIndex());
    }

    public int readInt1() {
        need(1, "int<1>");
        return buf.readUnsignedByte();
    }

    public int readInt2() {
        need(2, "int<2>");
        return buf.readUnsignedShortLE();
    }

    public int readInt3() {
        need(3, "int<3>");
        return buf.readUnsignedMediumLE();
    }

    public long readInt4() {
        need(4, "int<4>");
        return buf.readUnsignedIntLE();
    }

    /** int&lt;8&gt;; values above Long.MAX_VALUE come back negative (read them with Long.toUnsignedString). */
    public long readInt8() {
        need(8, "int<8>");
        return buf.readLongLE();
    }

    /** int&lt;lenenc&gt;: 0xFC + int2, 0xFD + int3, 0xFE + int8, else the byte itself. */
    public long readIntLenenc() {
        int first = readInt1();
        return switch (first) {
            case 0xFC -> readInt2();
            case 0xFD -> readInt3();
            case 0xFE -> readInt8();
            case 0xFB, 0xFF -> throw new MySqlProtocolException(
                    "0x" + Integer.toHexString(first) + " is not a valid length-encoded integer");
            default -> first;
        };
    }

    public byte[] readBytes(int n) {
        if (n < 0) {
            throw new MySqlProtocolException("negative length " + n);
        }
        need(n, "string<" + n + ">");
        byte[] out = new byte[n];
        buf.readBytes(out);
        return out;
    }

    public byte[] readBytesLenenc() {
        long n = readIntLenenc();
        if (n > buf.readableBytes()) {
            throw new MySqlProtocolException("length-encoded string of " + n + " bytes but only "
                    + buf.readableBytes() + " remain");
        }
        return readBytes((int) n);
    }

    public String readStringLenenc() {
        return new String(readBytesLenenc(), StandardCharsets.UTF_8);
    }

    /** string&lt;NUL&gt;: bytes up to a 0x00, which is consumed but not returned. */
    public byte[] readBytesNul() {
        int nul = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (nul < 0) {
            throw new MySqlProtocolException("NUL-terminated string has no terminator");
        }
        byte[] out = readBytes(nul - buf.readerIndex());
        buf.skipBytes(1);
        return out;
    }

    public String readStringNul() {
        return new String(readBytesNul(), StandardCharsets.UTF_8);
    }

    /** string&lt;EOF&gt;: the rest of the payload. */
    public byte[] readBytesEof() {
        return readBytes(buf.readableBytes());
    }

    public String readStringEof(Charset charset) {
        return new String(readBytesEof(), charset);
    }

    public void skip(int n) {
        need(n, "filler<" + n + ">");
        buf.skipBytes(n);
    }

    private void need(int n, String what) {
        if (buf.readableBytes() < n) {
            throw new MySqlProtocolException(
                    "payload ends early: need " + n + " bytes for " + what + ", " + buf.readableBytes() + " left");
        }
    }
}
