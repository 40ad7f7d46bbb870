package io.turnout.protocol.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** OK, ERR, EOF, AuthSwitchRequest and AuthMoreData against byte literals. */
class ResultPacketsTest {

    @Test
    void okPacket() {
        String ok = """
                00          // OK
                fc e8 03    // affected rows 1000 (lenenc 0xFC + int2)
                07          // last insert id 7
                02 00       // status AUTOCOMMIT
                01 00       // 1 warning
                """;
        OkPacket p = OkPacket.decode(Hex.buf(ok));
        assertEquals(1000, p.affectedRows());
        assertEquals(7, p.lastInsertId());
        assertEquals(2, p.statusFlags());
        assertEquals(1, p.warnings());
        ByteBuf out = Unpooled.buffer();
        p.encode(out);
        Hex.assertBytes(Hex.bytes(ok), out);
    }

    @Test
    void errPacket() {
        String err = """
                ff 15 04    // ERR 1045
                23 32 38 30 30 30   // #28000
                41 63 63 65 73 73 20 64 65 6e 69 65 64   // Access denied
                """;
        ErrPacket p = ErrPacket.decode(Hex.buf(err));
        assertEquals(new ErrPacket(1045, "28000", "Access denied"), p);
        ByteBuf out = Unpooled.buffer();
        p.encode(out);
        Hex.assertBytes(Hex.bytes(err), out);
    }

    @Test
    void mariaDbProgressReportHasNoSqlState() {
        ErrPacket p = ErrPacket.decode(Hex.buf("ff ff ff 01 02 03"));
        assertEquals(0xFFFF, p.errorCode());
        assertNull(p.sqlState());
    }

    @Test
    void eofPacket() {
        String eof = "fe 00 00 22 00";
        assertTrue(EofPacket.matches(Hex.buf(eof)));
        EofPacket p = EofPacket.decode(Hex.buf(eof));
        assertEquals(new EofPacket(0, 0x22), p);
        ByteBuf out = Unpooled.buffer();
        p.encode(out);
        Hex.assertBytes(Hex.bytes(eof), out);
    }

    @Test
    void authSwitchRequest() {
        String sw = """
                fe                                         // AuthSwitchRequest
                63 6c 69 65 6e 74 5f 65 64 32 35 35 31 39 00  // client_ed25519 NUL
                01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20
                """;
        AuthSwitchRequest p = AuthSwitchRequest.decode(Hex.buf(sw));
        assertEquals("client_ed25519", p.pluginName());
        assertEquals(32, p.pluginData().length);
        ByteBuf out = Unpooled.buffer();
        p.encode(out);
        Hex.assertBytes(Hex.bytes(sw), out);
        assertThrows(MySqlProtocolException.class, () -> AuthSwitchRequest.decode(Hex.buf("fe")));
    }

    @Test
    void authMoreData() {
        AuthMoreData fast = AuthMoreData.decode(Hex.buf("01 03"));
        assertTrue(fast.isSingleByte(AuthMoreData.FAST_AUTH_SUCCESS));
        AuthMoreData key = AuthMoreData.decode(Hex.buf("01 2d 2d 2d"));
        assertArrayEquals("---".getBytes(StandardCharsets.US_ASCII), key.data());
        ByteBuf out = Unpooled.buffer();
        key.encode(out);
        Hex.assertBytes(Hex.bytes("01 2d 2d 2d"), out);
    }

    @Test
    void commandIds() {
        assertEquals(CommandType.COM_QUERY, CommandType.of(0x03));
        assertEquals(CommandType.COM_RESET_CONNECTION, CommandType.of(0x1F));
        assertEquals(CommandType.UNKNOWN, CommandType.of(0x77));
    }
}
