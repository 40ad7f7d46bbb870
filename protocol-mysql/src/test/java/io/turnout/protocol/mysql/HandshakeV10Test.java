package io.turnout.protocol.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandshakeV10Test {
    /** The greeting of MariaDB 10.11.19 (Debian), payload only. */
    static final String MARIADB_GREETING = """
            0a                                   // protocol version 10
            35 2e 35 2e 35 2d 31 30 2e 31 31 2e 31 39 2d 4d 61 72 69 61 44 42 2d 30 2b 64 65 62 31 32 75 31 00
                                                                                      // "5.5.5-10.11.19-MariaDB-0+deb12u1" NUL
            04 00 00 00                          // connection id 4
            75 6d 42 41 60 40 5e 39              // auth-plugin-data part 1
            00                                   // filler
            fe f7                                // capabilities low: CLIENT_MYSQL (bit 0) clear, no CLIENT_SSL
            2d                                   // character set 45 (utf8mb4_general_ci)
            02 00                                // status: SERVER_STATUS_AUTOCOMMIT
            ff 81                                // capabilities high
            15                                   // auth-plugin-data length 21
            00 00 00 00 00 00 1d 00 00 00        // reserved; MariaDB extended capabilities 0x1d
            42 7d 72 45 40 50 51 27 6d 71 70 5c 00  // auth-plugin-data part 2 + NUL
            6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00  // mysql_native_password NUL
            """;

    @Test
    void decodesMariaDbGreeting() {
        HandshakeV10 h = HandshakeV10.decode(Hex.buf(MARIADB_GREETING));
        assertEquals("5.5.5-10.11.19-MariaDB-0+deb12u1", h.serverVersion());
        assertEquals(4, h.connectionId());
        assertEquals(0x81FFF7FE, h.capabilities());
        assertFalse(Capabilities.has(h.capabilities(), Capabilities.CLIENT_SSL));
        assertTrue(Capabilities.has(h.capabilities(), Capabilities.CLIENT_PLUGIN_AUTH));
        assertEquals(45, h.characterSet());
        assertEquals(0x1d, h.mariaDbCapabilities());
        assertEquals(NativePassword.PLUGIN, h.authPluginName());
        assertArrayEquals("umBA`@^9B}rE@PQ'mqp\\".getBytes(StandardCharsets.US_ASCII), h.scramble());
    }

    @Test
    void roundTripsByteExact() {
        HandshakeV10 h = HandshakeV10.decode(Hex.buf(MARIADB_GREETING));
        ByteBuf out = Unpooled.buffer();
        h.encode(out);
        Hex.assertBytes(Hex.bytes(MARIADB_GREETING), out);
    }

    @Test
    void connectionIdAndCapabilitiesCanBeReplaced() {
        HandshakeV10 h = HandshakeV10.decode(Hex.buf(MARIADB_GREETING))
                .withConnectionId(0xFFFFFFFFL).withCapabilities(0x81FFFFFE);
        ByteBuf out = Unpooled.buffer();
        h.encode(out);
        HandshakeV10 back = HandshakeV10.decode(out);
        assertEquals(0xFFFFFFFFL, back.connectionId()); // unsigned, not -1
        assertTrue(Capabilities.has(back.capabilities(), Capabilities.CLIENT_SSL));
    }

    @Test
    void pluginNameWithoutTerminatorIsKept() {
        String greeting = MARIADB_GREETING.replace("72 64 00  // mysql", "72 64     // mysql");
        HandshakeV10 h = HandshakeV10.decode(Hex.buf(greeting));
        assertEquals(NativePassword.PLUGIN, h.authPluginName());
        assertFalse(h.pluginNameTerminated());
        ByteBuf out = Unpooled.buffer();
        h.encode(out);
        Hex.assertBytes(Hex.bytes(greeting), out);
    }

    @Test
    void rejectsOtherProtocolVersions() {
        assertThrows(MySqlProtocolException.class, () -> HandshakeV10.decode(Hex.buf("09 00")));
        assertThrows(MySqlProtocolException.class, () -> HandshakeV10.decode(Hex.buf("0a 41 42")));
    }
}
