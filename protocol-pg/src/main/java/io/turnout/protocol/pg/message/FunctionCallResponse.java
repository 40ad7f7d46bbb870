package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * FunctionCallResponse ('V', backend): {@code Int32 length} (-1 = NULL), {@code Byte-n} result.
 *
 * @param result the result value, or {@code null} for SQL NULL
 */
public record FunctionCallResponse(byte[] result) implements BackendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static FunctionCallResponse decode(ByteBuf payload) {
        byte[] result = PgWire.readNullableBytes(payload);
        PgWire.requireFullyRead(payload, "FunctionCallResponse");
        return new FunctionCallResponse(result);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Backend.FUNCTION_CALL_RESPONSE);
        PgWire.writeNullableBytes(out, result);
        PgWire.endMessage(out, lengthIndex);
    }
}
