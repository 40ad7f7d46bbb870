package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * Terminate ('X', frontend): no payload. The client is closing the connection.
 * It has no fields, so there is one instance.
 */
public final class Terminate implements FrontendMessage {

    public static final Terminate INSTANCE = new Terminate();

    private Terminate() {
    }

    /** Checks the payload (after the type byte and length) is empty. */
    public static Terminate decode(ByteBuf payload) {
        PgWire.requireFullyRead(payload, "Terminate");
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        PgWire.writeEmpty(out, PgMessages.Frontend.TERMINATE);
    }

    @Override
    public String toString() {
        return "Terminate";
    }
}
