package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * EmptyQueryResponse ('I', backend): no payload. Replaces CommandComplete for an empty query string.
 * It has no fields, so there is one instance.
 */
public final class EmptyQueryResponse implements BackendMessage {

    public static final EmptyQueryResponse INSTANCE = new EmptyQueryResponse();

    private EmptyQueryResponse() {
    }

    /** Checks the payload (after the type byte and length) is empty. */
    public static EmptyQueryResponse decode(ByteBuf payload) {
        PgWire.requireFullyRead(payload, "EmptyQueryResponse");
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        PgWire.writeEmpty(out, PgMessages.Backend.EMPTY_QUERY_RESPONSE);
    }

    @Override
    public String toString() {
        return "EmptyQueryResponse";
    }
}
