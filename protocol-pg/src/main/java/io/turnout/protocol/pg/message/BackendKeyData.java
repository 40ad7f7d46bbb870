package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;

/**
 * BackendKeyData ('K', backend): {@code Int32 process ID}, {@code Int32 secret key}, the pair a
 * client later sends in a CancelRequest. Protocol 3.0 only (3.2's longer keys are rejected).
 */
public record BackendKeyData(int processId, int secretKey) implements BackendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static BackendKeyData decode(ByteBuf payload) {
        if (payload.readableBytes() != 8) {
            throw PgProtocolException.violation("BackendKeyData must have an 8-byte payload, got " + payload.readableBytes()
                    + " (secret keys longer than 4 bytes need protocol 3.2, which is not supported)");
        }
        return new BackendKeyData(payload.readInt(), payload.readInt());
    }

    /** Writes the whole frame. */
    @Override
    public void encode(ByteBuf out) {
        out.writeByte(PgMessages.Backend.BACKEND_KEY_DATA);
        out.writeInt(12);
        out.writeInt(processId);
        out.writeInt(secretKey);
    }

    /** The CancelRequest a client sends to cancel the query of this backend. */
    public CancelRequest toCancelRequest() {
        return new CancelRequest(processId, secretKey);
    }
}
