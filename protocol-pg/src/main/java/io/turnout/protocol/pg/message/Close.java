package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * Close ('C', frontend): {@code Byte1 'S'} (prepared statement) or {@code 'P'} (portal), then
 * {@code String name} (empty = unnamed).
 */
public record Close(char kind, String name) implements FrontendMessage {

    public static final char STATEMENT = 'S';
    public static final char PORTAL = 'P';

    public Close {
        StatementOrPortal.check(kind, "Close");
    }

    /** Decodes the payload (after the type byte and length). */
    public static Close decode(ByteBuf payload) {
        Close close = new Close(StatementOrPortal.read(payload, "Close"), PgWire.readString(payload));
        PgWire.requireFullyRead(payload, "Close");
        return close;
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Frontend.CLOSE);
        out.writeByte(kind);
        PgWire.writeString(out, name);
        PgWire.endMessage(out, lengthIndex);
    }
}
