package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * Describe ('D', frontend): {@code Byte1 'S'} (prepared statement) or {@code 'P'} (portal), then
 * {@code String name} (empty = unnamed).
 */
public record Describe(char kind, String name) implements FrontendMessage {

    public static final char STATEMENT = 'S';
    public static final char PORTAL = 'P';

    public Describe {
        StatementOrPortal.check(kind, "Describe");
    }

    /** Decodes the payload (after the type byte and length). */
    public static Describe decode(ByteBuf payload) {
        Describe describe = new Describe(StatementOrPortal.read(payload, "Describe"), PgWire.readString(payload));
        PgWire.requireFullyRead(payload, "Describe");
        return describe;
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Frontend.DESCRIBE);
        out.writeByte(kind);
        PgWire.writeString(out, name);
        PgWire.endMessage(out, lengthIndex);
    }
}
