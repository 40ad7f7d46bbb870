package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
  * ERR_Packet: 0xFF, int&lt;2&gt; error code, then (protocol 4.1) '#' and a 5-character SQLSTATE, then the
  * message. MariaDB progress reports reuse the header with code 0xFFFF and carry no SQLSTATE; they
  * decode with {@code sqlState == null}.
  */
public record ErrPacket(int errorCode, String sqlState, String message) {
    public static final int HEADER = 0xFF;

    public static boolean matches(ByteBuf payload) {
        return payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) == HEADER;
    }

    public static ErrPacket decode(ByteBuf payload) {
        PayloadReader r = new PayloadReader(payload);
        int header = r.readInt1();
        if (header != HEADER) {
            throw new MySqlProtocolException("not an ERR packet: header 0x" + Integer.toHexString(header));
        }
        int code = r.readInt2();
        String state = null;
        if (r.remaining() >= 6 && r.peekInt1() == '#') {
            r.skip(1);
            state = new String(r.readBytes(5), StandardCharsets.US_ASCII);
        }
        return new ErrPacket(code, state, r.readStringEof(StandardCharsets.UTF_8));
    }

    public void encode(ByteBuf out) {
        PayloadWriter w = new PayloadWriter(out).writeInt1(HEADER).writeInt2(errorCode);
        if (sqlState != null) {
            if (sqlState.length() != 5) {
                throw new IllegalArgumentException("SQLSTATE must have 5 characters: " + sqlState);
            }
            w.writeInt1('#').writeBytes(sqlState.getBytes(StandardCharsets.US_ASCII));
        }
        w.writeStringEof(message);
    }
}
