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

class HandshakeResponse41Test {
    static final String RESPONSE = """
            0d a2 3a 00                 // caps: LONG_PASSWORD FOUND_ROWS CONNECT_WITH_DB PROTOCOL_41 TRANSACTIONS
                                                                    //   SECURE_CONNECTION MULTI_RESULTS PLUGIN_AUTH CONNECT_ATTRS LENENC_CLIENT_DATA
            00 00 00 01                 // max packet size 16 MiB
            2d                          // utf8mb4
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  // filler
            64 65 76 00                 // user "dev"
            14                          // auth response length 20 (lenenc)
            b3 2b b3 a5 83 e1 34 0c 0a 11 08 d5 8b 1b e4 97 81 ad 8c 2f
            64 65 76 64 62 00           // database "devdb"
            6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00  // plugin
            06 01 61 03 62 63 64        // attrs: 6 bytes: "a" => "bcd"
            """;

    @Test
    void decodesAllFields() {
        HandshakeResponse41 r = HandshakeResponse41.decode(Hex.buf(RESPONSE));
        assertEquals("dev", r.userName());
        assertEquals(0x01000000L, r.maxPacketSize());
        assertEquals(20, r.authResponse().length);
        assertArrayEquals("devdb".getBytes(StandardCharsets.US_ASCII), r.database());
        assertEquals(NativePassword.PLUGIN, r.authPluginName());
        assertArrayEquals(Hex.bytes("01 61 03 62 63 64"), r.connectAttributes());
        assertEquals(0, r.trailing().length);
    }

    @Test
    void roundTripsByteExact() {
        ByteBuf out = Unpooled.buffer();
        HandshakeResponse41.decode(Hex.buf(RESPONSE)).encode(out);
        Hex.assertBytes(Hex.bytes(RESPONSE), out);
    }

    @Test
    void secureConnectionWithoutLenencUsesOneByteLength() {
        String noLenenc = """
                00 82 00 00  00 00 00 01  21  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                72 6f 6f 74 00    // root
                00                // empty auth response
                """;
        HandshakeResponse41 r = HandshakeResponse41.decode(Hex.buf(noLenenc));
        assertEquals("root", r.userName());
        assertEquals(0, r.authResponse().length);
        assertNull(r.database());
        ByteBuf out = Unpooled.buffer();
        r.encode(out);
        Hex.assertBytes(Hex.bytes(noLenenc), out);
    }

    @Test
    void sslRequestIsTheFirst32Bytes() {
        HandshakeResponse41 r = HandshakeResponse41.decode(Hex.buf(RESPONSE));
        ByteBuf out = Unpooled.buffer();
        SslRequest.of(r).encode(out);
        assertEquals(SslRequest.LENGTH, out.readableBytes());
        assertTrue(SslRequest.matches(out));
        assertTrue(Capabilities.has(SslRequest.decode(out).capabilities(), Capabilities.CLIENT_SSL));
    }

    @Test
    void rejectsPre41ClientsAndTruncation() {
        assertThrows(MySqlProtocolException.class, () -> HandshakeResponse41.decode(Hex.buf("00 00 00 00 00")));
        assertThrows(MySqlProtocolException.class,
                () -> HandshakeResponse41.decode(Hex.buf(RESPONSE.substring(0, RESPONSE.indexOf("64 65 76 00")))));
    }
}
