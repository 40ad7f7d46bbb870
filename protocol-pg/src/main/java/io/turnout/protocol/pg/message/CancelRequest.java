package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;

/**
 * CancelRequest (untyped, frontend, on a fresh connection): {@code Int32 16},
 * {@code Int32 80877102}, {@code Int32 process ID}, {@code Int32 secret key} — the pair the server
 * sent in BackendKeyData. Protocol 3.0 only (3.2 allows longer secret keys; those are rejected).
 */
public record CancelRequest(int processId, int secretKey) implements FrontendMessage {

    public static final int LENGTH = 16;

    /** Decodes a whole startup frame, length word included. */
    public static CancelRequest decode(ByteBuf frame) {
        int length = PgWire.readInt32(frame);
        int code = PgWire.readInt32(frame);
        if (code != PgMessages.CANCEL_REQUEST_CODE) {
            throw PgProtocolException.violation("not a CancelRequest: code " + code);
        }
        if (length != LENGTH || frame.readableBytes() != 8) {
            throw PgProtocolException.violation("CancelRequest must be " + LENGTH + " bytes, got length " + length
                    + " (secret keys longer than 4 bytes need protocol 3.2, which is not supported)");
        }
        return new CancelRequest(frame.readInt(), frame.readInt());
    }

    /** Writes the whole frame. */
    @Override
    public void encode(ByteBuf out) {
        out.writeInt(LENGTH);
        out.writeInt(PgMessages.CANCEL_REQUEST_CODE);
        out.writeInt(processId);
        out.writeInt(secretKey);
    }
}
