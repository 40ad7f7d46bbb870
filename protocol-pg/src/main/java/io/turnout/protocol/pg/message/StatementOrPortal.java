package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;

/** The {@code 'S'} / {@code 'P'} byte of Describe and Close. */
final class StatementOrPortal {

    private StatementOrPortal() {
    }

    static char read(ByteBuf payload, String message) {
        char kind = (char) (PgWire.readInt8(payload) & 0xFF);
        check(kind, message);
        return kind;
    }

    static void check(char kind, String message) {
        if (kind != 'S' && kind != 'P') {
            throw PgProtocolException.violation("invalid " + message + " target '" + kind + "' (expected S for a statement or P for a portal)");
        }
    }
}
