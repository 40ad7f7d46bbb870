package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;

/**
 * ReadyForQuery ('Z', backend): {@code Byte1 status} — 'I' idle, 'T' in a transaction block,
 * 'E' in a failed transaction block.
 */
public record ReadyForQuery(char status) implements BackendMessage {

    public static final char IDLE = 'I';
    public static final char IN_TRANSACTION = 'T';
    public static final char FAILED_TRANSACTION = 'E';

    public ReadyForQuery {
        if (status != IDLE && status != IN_TRANSACTION && status != FAILED_TRANSACTION) {
            throw PgProtocolException.violation("invalid ReadyForQuery status '" + status + "' (expected I, T or E)");
        }
    }

    /** Decodes the payload (after the type byte and length). */
    public static ReadyForQuery decode(ByteBuf payload) {
        ReadyForQuery ready = new ReadyForQuery((char) (PgWire.readInt8(payload) & 0xFF));
        PgWire.requireFullyRead(payload, "ReadyForQuery");
        return ready;
    }

    /** Writes the whole frame. */
    @Override
    public void encode(ByteBuf out) {
        out.writeByte(PgMessages.Backend.READY_FOR_QUERY);
        out.writeInt(5);
        out.writeByte(status);
    }

    /** True outside a transaction block. */
    public boolean idle() {
        return status == IDLE;
    }
}
