package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.testing.WireBytes;
import java.util.function.Function;

/**
 * A byte-literal message fixture: the whole frame, the record it must decode to, and how to decode
 * it from the whole frame.
 */
record Fixture(String name, byte[] frame, PgMessage expected, Function<ByteBuf, PgMessage> decodeFrame) {

    /** A typed message decoded from its payload. */
    static Fixture typed(String name, String frame, PgMessage expected, Function<ByteBuf, PgMessage> decodePayload) {
        return new Fixture(name, WireBytes.bytes(frame), expected, f -> decodePayload.apply(PgWire.payload(f)));
    }

    /** An untyped startup-phase message decoded from the whole frame. */
    static Fixture startup(String name, String frame, PgMessage expected, Function<ByteBuf, PgMessage> decodeFrame) {
        return new Fixture(name, WireBytes.bytes(frame), expected, decodeFrame);
    }

    @Override
    public String toString() {
        return name;
    }
}
