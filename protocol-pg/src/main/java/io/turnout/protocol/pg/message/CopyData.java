package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * CopyData ('d', both directions): {@code Byte-n} data. Relayed COPY streams stay raw frames;
 * this record is for code that has to look at or produce the data.
 */
public record CopyData(byte[] data) implements FrontendMessage, BackendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static CopyData decode(ByteBuf payload) {
        return new CopyData(PgWire.readRemaining(payload));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(PgMessages.Frontend.COPY_DATA);
        out.writeInt(4 + data.length);
        out.writeBytes(data);
    }
}
