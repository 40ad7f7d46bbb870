package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * SASLInitialResponse ('p', frontend): {@code String mechanism} (e.g. SCRAM-SHA-256 or
 * SCRAM-SHA-256-PLUS), {@code Int32 length} (-1 = no initial response), {@code Byte-n} data
 * (the SCRAM client-first-message).
 *
 * @param data the initial response, or {@code null} when there is none
 */
public record SaslInitialResponse(String mechanism, byte[] data) implements FrontendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static SaslInitialResponse decode(ByteBuf payload) {
        String mechanism = PgWire.readString(payload);
        byte[] data = PgWire.readNullableBytes(payload);
        PgWire.requireFullyRead(payload, "SASLInitialResponse");
        return new SaslInitialResponse(mechanism, data);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Frontend.PASSWORD);
        PgWire.writeString(out, mechanism);
        PgWire.writeNullableBytes(out, data);
        PgWire.endMessage(out, lengthIndex);
    }
}
