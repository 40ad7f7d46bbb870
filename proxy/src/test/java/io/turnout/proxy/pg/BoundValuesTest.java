package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.turnout.protocol.pg.message.PgWire;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A sticky key's parameter read straight from a Bind's payload, past its two names, without decoding the rest. */
class BoundValuesTest {

    /** A Bind payload positioned after its names, as {@code PgExtendedRouter} hands it over. */
    private static ByteBuf afterNames(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        ByteBuf payload = Unpooled.wrappedBuffer(b);
        PgWire.readString(payload); // portal
        PgWire.readString(payload); // statement
        return payload;
    }

    @Test
    void textValuesAreReadAsText() {
        ByteBuf p = afterNames(
                0,                              // portal ""
                's', '1', 0,                    // statement "s1"
                0, 0,                           // 0 format codes: all text
                0, 2,                           // 2 parameters
                0, 0, 0, 2, '4', '2',           // $1 = '42'
                0, 0, 0, 1, 'x',                // $2 = 'x'
                0, 0);                          // 0 result format codes
        assertEquals("42", BoundValues.parameter(p, List.of(), 1));
        assertEquals("x", BoundValues.parameter(p, List.of(), 2));
        assertNull(BoundValues.parameter(p, List.of(), 3), "no such parameter");
        assertNull(BoundValues.parameter(p, List.of(), 0), "numbers start at 1");
        assertEquals(4, p.readerIndex(), "the payload's own position is left alone");
    }

    @Test
    void binaryValuesAreDecodedByTheirDeclaredTypeAndFormatCode() {
        ByteBuf perParameter = afterNames(
                0, 0,                           // portal "", statement ""
                0, 2, 0, 0, 0, 1,               // formats: $1 text, $2 binary
                0, 2,
                0, 0, 0, 1, '7',                // $1 = '7'
                0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 0, // $2 = int8 256
                0, 0);
        assertEquals("7", BoundValues.parameter(perParameter, List.of(23, 20), 1));
        assertEquals(256L, BoundValues.parameter(perParameter, List.of(23, 20), 2));

        ByteBuf oneForAll = afterNames(
                0, 0,
                0, 1, 0, 1,                     // one format code, binary, for every parameter
                0, 2,
                0xff, 0xff, 0xff, 0xff,         // $1 = NULL
                0, 0, 0, 4, 0, 0, 0x30, 0x39,   // $2 = int4 12345
                0, 0);
        assertNull(BoundValues.parameter(oneForAll, List.of(23, 23), 1), "SQL NULL");
        assertEquals(12345, BoundValues.parameter(oneForAll, List.of(23, 23), 2));
        assertNull(BoundValues.parameter(oneForAll, List.of(23, 1186), 2), "a binary type not decoded");
    }

    @Test
    void aBinaryUuidIsGivenAsItsText() {
        ByteBuf p = afterNames(
                0, 0,
                0, 1, 0, 1,
                0, 1,
                0, 0, 0, 16, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
                0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                0, 0);
        assertEquals("12345678-9abc-def0-0123-456789abcdef", BoundValues.parameter(p, List.of(2950), 1));
    }

    @Test
    void theValueCountIsReadPastTheFormatCodes() {
        assertEquals(2, BoundValues.count(afterNames(0, 0, 0, 2, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals(0, BoundValues.count(afterNames(0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals(-1, BoundValues.count(afterNames(0, 0, 0, 3, 0, 0)), "cut inside the format codes");
        assertEquals(-1, BoundValues.count(afterNames(0, 0)), "no format count");
    }

    @Test
    void aTruncatedBindGivesNoValueAndNoException() {
        ByteBuf p = afterNames(
                0, 0,
                0, 0,
                0, 2,
                0, 0, 0, 9, 'a');               // says 9 bytes, has 1
        assertNull(BoundValues.parameter(p, List.of(), 1));
        assertNull(BoundValues.parameter(p, List.of(), 2));
        assertNull(BoundValues.parameter(afterNames(0, 0, 0), List.of(), 1), "cut inside the format count");
    }
}
