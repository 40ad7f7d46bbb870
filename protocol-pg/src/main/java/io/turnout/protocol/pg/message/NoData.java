package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * NoData ('n', backend): no payload. The statement or portal described returns no rows.
 * It has no fields, so there is one instance.
 */
public final class NoData implements BackendMessage {

    public static final NoData INSTANCE = new NoData();

    private NoData() {
    }

    /** Checks the payload (after the type byte and length) is empty. */
    public static NoData decode(ByteBuf payload) {
        PgWire.requireFullyRead(payload, "NoData");
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        PgWire.writeEmpty(out, PgMessages.Backend.NO_DATA);
    }

    @Override
    public String toString() {
        return "NoData";
    }
}
