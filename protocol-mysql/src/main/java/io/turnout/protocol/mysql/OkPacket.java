package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
  * OK_Packet (header 0x00, or 0xFE when it replaces EOF under CLIENT_DEPRECATE_EOF). {@code info}
  * keeps everything after the warnings raw (human-readable info and session-state changes).
  */
public record OkPacket(int header, long affectedRows, long lastInsertId, int statusFlags, int warnings, byte[] info) {
    public static final int HEADER = 0x00;

    public static boolean matches(ByteBuf payload) {
        return payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) == HEADER
                && payload.readableBytes() >= 7;
    }

    public static OkPacket decode(ByteBuf payload) {
        PayloadReader r = new PayloadReader(payload);
        int header = r.readInt1();
        if (header != 0x00 && header != 0xFE) {
            throw new MySqlProtocolException("not an OK packet: header 0x" + Integer.toHexString(header));
        }
        return new OkPacket(header, r.readIntLenenc(), r.readIntLenenc(), r.readInt2(), r.readInt2(), r.readBytesEof());
    }

    public void encode(ByteBuf out) {
        new PayloadWriter(out).writeInt1(header).writeIntLenenc(affectedRows).writeIntLenenc(lastInsertId)
                .writeInt2(statusFlags).writeInt2(warnings).writeBytes(info);
    }

    public static OkPacket of(int statusFlags, String info) {
        return new OkPacket(HEADER, 0, 0, statusFlags, 0, info.getBytes(StandardCharsets.UTF_8));
    }
}
