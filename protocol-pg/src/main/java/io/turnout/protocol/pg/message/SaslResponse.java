package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/** SASLResponse ('p', frontend): {@code Byte-n} data (the SCRAM client-final-message). */
public record SaslResponse(byte[] data) implements FrontendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static SaslResponse decode(ByteBuf payload) {
        return new SaslResponse(PgWire.readRemaining(payload));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(PgMessages.Frontend.PASSWORD);
        out.writeInt(4 + data.length);
        out.writeBytes(data);
    }
}
