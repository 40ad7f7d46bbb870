package io.turnout.protocol.pg.message;

import static io.turnout.protocol.pg.testing.WireBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.turnout.protocol.pg.codec.PgProtocolException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupPacketTest {

    private static StartupPacket classify(String fixture) {
        ByteBuf frame = Unpooled.wrappedBuffer(bytes(fixture));
        try {
            StartupPacket packet = StartupPacket.classify(frame);
            assertEquals(0, frame.readerIndex(), "classify must not move the reader index");
            return packet;
        } finally {
            frame.release();
        }
    }

    @Test
    void classifiesEveryStartupFixture() {
        assertEquals(StartupPacket.STARTUP_MESSAGE, classify("00 00 00 09  00 03 00 00  00 -- 3.0, no parameters"));
        assertEquals(StartupPacket.STARTUP_MESSAGE, classify("00 00 00 09  00 03 00 02  00 -- 3.2, no parameters"));
        assertEquals(StartupPacket.SSL_REQUEST, classify("00 00 00 08  04 d2 16 2f"));
        assertEquals(StartupPacket.GSSENC_REQUEST, classify("00 00 00 08  04 d2 16 30"));
        assertEquals(StartupPacket.CANCEL_REQUEST, classify("00 00 00 10  04 d2 16 2e  00 00 00 01  00 00 00 02"));
    }

    @Test
    void unknownForOldProtocolsAndWrongLengths() {
        assertEquals(StartupPacket.UNKNOWN, classify("00 00 00 09  00 02 00 00  00 -- protocol 2.0"));
        assertEquals(StartupPacket.UNKNOWN, classify("00 00 00 0c  04 d2 16 2f  00 00 00 00 -- SSLRequest of 12 bytes"));
        assertEquals(StartupPacket.UNKNOWN, classify("00 00 00 0c  04 d2 16 2e  00 00 00 01 -- short CancelRequest"));
        assertEquals(StartupPacket.UNKNOWN, classify("00 00 00 10  04 d2 16 2f -- length disagrees with the frame"));
        assertEquals(StartupPacket.UNKNOWN, classify("00 00 00 04 -- too short"));
    }

    @Test
    void startupMessageAccessors() {
        StartupMessage startup = new StartupMessage(PgMessages.PROTOCOL_3_0, Map.of("user", "alice"));
        assertEquals(3, startup.majorVersion());
        assertEquals(0, startup.minorVersion());
        assertEquals("alice", startup.user());
        assertEquals("alice", startup.database(), "database defaults to the user name");
        assertEquals("shop", startup.with("database", "shop").database());
    }

    @Test
    void duplicateStartupParameterIsAProtocolError() {
        ByteBuf frame = Unpooled.wrappedBuffer(bytes("""
                00 00 00 17       -- length 23
                00 03 00 00       -- protocol 3.0
                "user" 00 "a" 00  -- user=a
                "user" 00 "b" 00  -- user=b again
                00                -- end
                """));
        try {
            PgProtocolException e = assertThrows(PgProtocolException.class, () -> StartupMessage.decode(frame));
            assertEquals("08P01", e.sqlState());
            assertTrue(e.getMessage().contains("given twice"), e.getMessage());
        } finally {
            frame.release();
        }
    }

    @Test
    void longCancelKeyOfProtocol32IsRejectedWithAReason() {
        ByteBuf frame = Unpooled.wrappedBuffer(bytes("00 00 00 14  04 d2 16 2e  00 00 00 01  00 00 00 02  00 00 00 03"));
        try {
            PgProtocolException e = assertThrows(PgProtocolException.class, () -> CancelRequest.decode(frame));
            assertEquals("08P01", e.sqlState());
            assertTrue(e.getMessage().contains("protocol 3.2"), e.getMessage());
        } finally {
            frame.release();
        }
    }
}
