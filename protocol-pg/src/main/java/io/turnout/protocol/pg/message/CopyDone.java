package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * CopyDone ('c', both directions): no payload. The end of a COPY data stream.
 * It has no fields, so there is one instance.
 */
public final class CopyDone implements FrontendMessage, BackendMessage {

    public static final CopyDone INSTANCE = new CopyDone();

    private CopyDone() {
    }

    /** Checks the payload (after the type byte and length) is empty. */
    public static CopyDone decode(ByteBuf payload) {
        PgWire.requireFullyRead(payload, "CopyDone");
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        PgWire.writeEmpty(out, PgMessages.Backend.COPY_DONE);
    }

    @Override
    public String toString() {
        return "CopyDone";
    }
}
