package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * BindComplete ('2', backend): no payload.
 * It has no fields, so there is one instance.
 */
public final class BindComplete implements BackendMessage {

    public static final BindComplete INSTANCE = new BindComplete();

    private BindComplete() {
    }

    /** Checks the payload (after the type byte and length) is empty. */
    public static BindComplete decode(ByteBuf payload) {
        PgWire.requireFullyRead(payload, "BindComplete");
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        PgWire.writeEmpty(out, PgMessages.Backend.BIND_COMPLETE);
    }

    @Override
    public String toString() {
        return "BindComplete";
    }
}
