package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Writes the protocol's basic data types; the mirror of {@link PayloadReader}. */
public final class PayloadWriter {
    private final ByteBuf buf;

    public PayloadWriter(ByteBuf buf) {
        this.buf = buf;
    }

    public ByteBuf buffer() {
        return buf;
    }

    public PayloadWriter writeInt1(int v) {
        buf.writeByte(v);
        return this;
    }

    public PayloadWriter writeInt2(int v) {
        buf.writeShortLE(v);
        return this;
    }

    public PayloadWriter writeInt3(int v) {
        buf.writeMediumLE(v);
        return this;
    }

    public PayloadWriter writeInt4(long v) {
        buf.writeIntLE((int) v);
        return this;
    }

    public PayloadWriter writeInt8(long v) {
        buf.writeLongLE(v);
        return this;
    }

    /** int&lt;lenenc&gt;, treating {@code v} as unsigned. */
    public PayloadWriter writeIntLenenc(long v) {
        if (v >= 0 && v < 0xFB) {
            buf.writeByte((int) v);
        } else if (v >= 0 && v <= 0xFFFF) {
            buf.writeByte(0xFC).writeShortLE((int) v);
        } else if (v >= 0 && v <= 0xFFFFFF) {
            buf.writeByte(0xFD).writeMediumLE((int) v);
        } else {
            buf.writeByte(0xFE).writeLongLE(v);
        }
        return this;
    }

    public PayloadWriter writeBytes(byte[] b) {
        buf.writeBytes(b);
        return this;
    }

    public PayloadWriter writeBytesLenenc(byte[] b) {
        writeIntLenenc(b.length);
        buf.writeBytes(b);
        return this;
    }

    public PayloadWriter writeStringLenenc(String s) {
        return writeBytesLenenc(s.getBytes(StandardCharsets.UTF_8));
    }

    public PayloadWriter writeBytesNul(byte[] b) {
        buf.writeBytes(b).writeByte(0);
        return this;
    }

    public PayloadWriter writeStringNul(String s) {
        return writeBytesNul(s.getBytes(StandardCharsets.UTF_8));
    }

    public PayloadWriter writeStringEof(String s) {
        buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public PayloadWriter writeZeros(int n) {
        buf.writeZero(n);
        return this;
    }
}
