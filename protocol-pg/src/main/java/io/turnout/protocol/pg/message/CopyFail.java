package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/** CopyFail ('f', frontend): {@code String error message} — the client aborts COPY FROM STDIN. */
public record CopyFail(String message) implements FrontendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static CopyFail decode(ByteBuf payload) {
        CopyFail fail = new CopyFail(PgWire.readString(payload));
        PgWire.requireFullyRead(payload, "CopyFail");
        return fail;
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Frontend.COPY_FAIL);
        PgWire.writeString(out, message);
        PgWire.endMessage(out, lengthIndex);
    }
}
