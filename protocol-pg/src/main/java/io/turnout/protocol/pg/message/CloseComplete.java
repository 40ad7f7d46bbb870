package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * CloseComplete ('3', backend): no payload.
 * It has no fields, so there is one instance.
 */
public final class CloseComplete implements BackendMessage {

    public static final CloseComplete INSTANCE = new CloseComplete();

    private CloseComplete() {
    }

    /** Checks the payload (after the type byte and length) is empty. */
    public static CloseComplete decode(ByteBuf payload) {
        PgWire.requireFullyRead(payload, "CloseComplete");
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        PgWire.writeEmpty(out, PgMessages.Backend.CLOSE_COMPLETE);
    }

    @Override
    public String toString() {
        return "CloseComplete";
    }
}
