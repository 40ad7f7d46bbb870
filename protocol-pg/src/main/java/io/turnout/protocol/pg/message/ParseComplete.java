package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * ParseComplete ('1', backend): no payload.
 * It has no fields, so there is one instance.
 */
public final class ParseComplete implements BackendMessage {

    public static final ParseComplete INSTANCE = new ParseComplete();

    private ParseComplete() {
    }

    /** Checks the payload (after the type byte and length) is empty. */
    public static ParseComplete decode(ByteBuf payload) {
        PgWire.requireFullyRead(payload, "ParseComplete");
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        PgWire.writeEmpty(out, PgMessages.Backend.PARSE_COMPLETE);
    }

    @Override
    public String toString() {
        return "ParseComplete";
    }
}
