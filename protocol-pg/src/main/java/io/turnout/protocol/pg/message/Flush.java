package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * Flush ('H', frontend): no payload. Asks the server to send what it has buffered.
 * It has no fields, so there is one instance.
 */
public final class Flush implements FrontendMessage {

    public static final Flush INSTANCE = new Flush();

    private Flush() {
    }

    /** Checks the payload (after the type byte and length) is empty. */
    public static Flush decode(ByteBuf payload) {
        PgWire.requireFullyRead(payload, "Flush");
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        PgWire.writeEmpty(out, PgMessages.Frontend.FLUSH);
    }

    @Override
    public String toString() {
        return "Flush";
    }
}
