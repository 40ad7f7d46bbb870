package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;

/** EOF_Packet: 0xFE, int&lt;2&gt; warnings, int&lt;2&gt; status flags; always shorter than 9 bytes. */
public record EofPacket(int warnings, int statusFlags) {
    public static final int HEADER = 0xFE;

    public static boolean matches(ByteBuf payload) {
        return payload.readableBytes() < 9 && payload.isReadable()
                && payload.getUnsignedByte(payload.readerIndex()) == HEADER;
    }

    public static EofPacket decode(ByteBuf payload) {
        if (!matches(payload)) {
            throw new MySqlProtocolException("not an EOF packet");
        }
        PayloadReader r = new PayloadReader(payload);
        r.skip(1);
        return new EofPacket(r.readInt2(), r.readInt2());
    }

    public void encode(ByteBuf out) {
        new PayloadWriter(out).writeInt1(HEADER).writeInt2(warnings).writeInt2(statusFlags);
    }
}
