package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;

/**
 * GSSENCRequest (untyped, frontend): {@code Int32 8}, {@code Int32 80877104}. The client asks for GSSAPI encryption; the server answers a single byte 'G' or 'N'.
 * It has no fields, so there is one instance.
 */
public final class GssEncRequest implements FrontendMessage {

    public static final GssEncRequest INSTANCE = new GssEncRequest();

    private GssEncRequest() {
    }

    /** Decodes a whole startup frame, length word included. */
    public static GssEncRequest decode(ByteBuf frame) {
        int length = PgWire.readInt32(frame);
        int code = PgWire.readInt32(frame);
        if (length != 8 || code != PgMessages.GSSENC_REQUEST_CODE || frame.isReadable()) {
            throw PgProtocolException.violation("not a GSSENCRequest: length " + length + ", code " + code);
        }
        return INSTANCE;
    }

    /** Writes the whole frame. */
    @Override
    public void encode(ByteBuf out) {
        out.writeInt(8);
        out.writeInt(PgMessages.GSSENC_REQUEST_CODE);
    }

    @Override
    public String toString() {
        return "GSSENCRequest";
    }
}
