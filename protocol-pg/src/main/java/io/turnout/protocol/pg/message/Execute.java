package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/** Execute ('E', frontend): {@code String portal} (empty = unnamed), {@code Int32 max rows} (0 = no limit). */
public record Execute(String portal, int maxRows) implements FrontendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static Execute decode(ByteBuf payload) {
        Execute execute = new Execute(PgWire.readString(payload), PgWire.readInt32(payload));
        PgWire.requireFullyRead(payload, "Execute");
        return execute;
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Frontend.EXECUTE);
        PgWire.writeString(out, portal);
        out.writeInt(maxRows);
        PgWire.endMessage(out, lengthIndex);
    }
}
