package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.turnout.protocol.mysql.StmtExecute;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BinaryValuesTest {

    /** One parameter of MySQL type {@code type} (0x80 in the flags byte: unsigned) with these little-endian bytes. */
    private static Object one(int type, boolean unsigned, int... bytes) {
        byte[] v = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            v[i] = (byte) bytes[i];
        }
        StmtExecute exec = new StmtExecute(1, 0, 1, new byte[] {(byte) type, (byte) (unsigned ? 0x80 : 0)},
                Arrays.asList(v), true);
        return BinaryValues.parameter(exec, 1);
    }

    @Test
    void integersSignedAndUnsignedLittleEndian() {
        assertEquals(-1L, one(0x01, false, 0xFF));
        assertEquals(255L, one(0x01, true, 0xFF));
        assertEquals(-2L, one(0x02, false, 0xFE, 0xFF));
        assertEquals(65534L, one(0x02, true, 0xFE, 0xFF));
        assertEquals(2024L, one(0x0D, false, 0xE8, 0x07));
        assertEquals(-2L, one(0x03, false, 0xFE, 0xFF, 0xFF, 0xFF));
        assertEquals(4294967294L, one(0x03, true, 0xFE, 0xFF, 0xFF, 0xFF));
        assertEquals(42L, one(0x09, false, 42, 0, 0, 0));
        assertEquals(0x0102030405060708L, one(0x08, false, 8, 7, 6, 5, 4, 3, 2, 1));
        assertEquals(-1L, one(0x08, true, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF));
    }

    @Test
    void floatsAndStrings() {
        int f = Float.floatToIntBits(1.5f);
        assertEquals(1.5d, one(0x04, false, f, f >> 8, f >> 16, f >> 24));
        long d = Double.doubleToLongBits(-2.25);
        assertEquals(-2.25d, one(0x05, false, (int) d, (int) (d >> 8), (int) (d >> 16), (int) (d >> 24),
                (int) (d >> 32), (int) (d >> 40), (int) (d >> 48), (int) (d >> 56)));
        assertEquals("ab", one(0xFD, false, 2, 'a', 'b'));
        assertNull(one(0x06, false));
        assertEquals(List.of(7L), BinaryValues.of(new StmtExecute(1, 0, 1, new byte[] {0x08, 0},
                List.<byte[]>of(new byte[] {7, 0, 0, 0, 0, 0, 0, 0}), true)));
    }

    @Test
    void aValueReadInPlaceIsTheDecodedOne() {
        byte[] types = {0x08, 0, (byte) 0xFD, 0, 0x03, (byte) 0x80};
        StmtExecute exec = new StmtExecute(1, 0, 1, types, Arrays.asList(new byte[] {5, 0, 0, 0, 0, 0, 0, 0},
                new byte[] {2, 'h', 'i'}, new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}), true);
        ByteBuf payload = Unpooled.buffer();
        exec.encode(payload);
        for (int n = 0; n <= 4; n++) {
            assertEquals(BinaryValues.parameter(exec, n), BinaryValues.parameter(payload, 3, types, n),
                    "parameter " + n);
        }
        assertEquals("hi", BinaryValues.parameter(payload, 3, types, 2));
        assertNull(BinaryValues.parameter(payload.slice(0, payload.readableBytes() - 1), 3, types, 3),
                "a cut packet has no key");
    }
}
