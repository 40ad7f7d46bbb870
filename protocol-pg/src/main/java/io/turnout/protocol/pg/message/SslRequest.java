package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;

/**
 * SSLRequest (untyped, frontend): {@code Int32 8}, {@code Int32 80877103}. The client asks to switch the connection to TLS; the server answers a single byte 'S' or 'N'.
 * It has no fields, so there is one instance.
 */
public final class SslRequest implements FrontendMessage {

    public static final SslRequest INSTANCE = new SslRequest();

    private SslRequest() {
    }

    /** Decodes a whole startup frame, length word included. */
    public static SslRequest decode(ByteBuf frame) {
        int length = PgWire.readInt32(frame);
        int code = PgWire.readInt32(frame);
        if (length != 8 || code != PgMessages.SSL_REQUEST_CODE || frame.isReadable()) {
            throw PgProtocolException.violation("not a SSLRequest: length " + length + ", code " + code);
        }
        return INSTANCE;
    }

    /** Writes the whole frame. */
    @Override
    public void encode(ByteBuf out) {
        out.writeInt(8);
        out.writeInt(PgMessages.SSL_REQUEST_CODE);
    }

    @Override
    public String toString() {
        return "SSLRequest";
    }
}
