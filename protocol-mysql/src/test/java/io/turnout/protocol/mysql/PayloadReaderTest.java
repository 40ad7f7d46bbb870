package io.turnout.protocol.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class PayloadReaderTest {

    @Test
    void fixedWidthIntegersAreUnsignedLittleEndian() {
        PayloadReader r = new PayloadReader(Hex.buf("ff  fe ff  fd ff ff  fc ff ff ff  fb ff ff ff ff ff ff 7f"));
        assertEquals(0xFF, r.readInt1());
        assertEquals(0xFFFE, r.readInt2());
        assertEquals(0xFFFFFD, r.readInt3());
        assertEquals(0xFFFFFFFCL, r.readInt4());
        assertEquals(Long.MAX_VALUE - 4, r.readInt8());
    }

    @Test
    void lengthEncodedIntegers() {
        PayloadReader r = new PayloadReader(Hex.buf("""
                fa                          // 250 in one byte
                fc fb 00                    // 251
                fc ff ff                    // 65535
                fd 00 00 01                 // 65536
                fe 00 00 00 01 00 00 00 00  // 16777216
                """));
        assertEquals(250, r.readIntLenenc());
        assertEquals(251, r.readIntLenenc());
        assertEquals(65535, r.readIntLenenc());
        assertEquals(65536, r.readIntLenenc());
        assertEquals(16777216, r.readIntLenenc());
        assertThrows(MySqlProtocolException.class, () -> new PayloadReader(Hex.buf("fb")).readIntLenenc());
    }

    @Test
    void writerMirrorsReader() {
        long[] values = {0, 250, 251, 0xFFFF, 0x10000, 0xFFFFFF, 0x1000000, Long.MAX_VALUE};
        ByteBuf buf = Unpooled.buffer();
        PayloadWriter w = new PayloadWriter(buf);
        for (long v : values) {
            w.writeIntLenenc(v);
        }
        w.writeStringNul("héllo").writeStringLenenc("wörld").writeInt3(0xABCDEF).writeInt8(-1);
        PayloadReader r = new PayloadReader(buf);
        for (long v : values) {
            assertEquals(v, r.readIntLenenc());
        }
        assertEquals("héllo", r.readStringNul());
        assertEquals("wörld", r.readStringLenenc());
        assertEquals(0xABCDEF, r.readInt3());
        assertEquals(-1, r.readInt8());
        assertEquals(0, r.remaining());
    }

    @Test
    void underflowIsAProtocolError() {
        assertThrows(MySqlProtocolException.class, () -> new PayloadReader(Hex.buf("01")).readInt2());
        assertThrows(MySqlProtocolException.class, () -> new PayloadReader(Hex.buf("41 42")).readStringNul());
        assertThrows(MySqlProtocolException.class, () -> new PayloadReader(Hex.buf("05 41")).readBytesLenenc());
    }
}
