package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * Sync ('S', frontend): no payload. Ends an extended-query cycle: the server answers ReadyForQuery.
 * It has no fields, so there is one instance.
 */
public final class Sync implements FrontendMessage {

    public static final Sync INSTANCE = new Sync();

    private Sync() {
    }

    /** Checks the payload (after the type byte and length) is empty. */
    public static Sync decode(ByteBuf payload) {
        PgWire.requireFullyRead(payload, "Sync");
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        PgWire.writeEmpty(out, PgMessages.Frontend.SYNC);
    }

    @Override
    public String toString() {
        return "Sync";
    }
}
