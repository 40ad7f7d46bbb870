package io.turnout.protocol.pg.codec;

import static io.turnout.protocol.pg.testing.WireBytes.assertBytesAndRelease;
import static io.turnout.protocol.pg.testing.WireBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgFrameDecoderTest {

    private static final byte[] QUERY = bytes("""
            51             -- 'Q' Query
            00 00 00 0d    -- length 13
            "select 1" 00  -- query string
            """);
    private static final byte[] SYNC = bytes("""
            53             -- 'S' Sync
            00 00 00 04    -- length 4, no payload
            """);

    @Test
    void emitsWholeFramesWhenFedOneByteAtATime() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(1024));
        List<ByteBuf> inputs = new ArrayList<>();
        for (byte[] frame : List.of(QUERY, SYNC)) {
            for (byte b : frame) {
                ByteBuf one = Unpooled.buffer(1).writeByte(b);
                inputs.add(one);
                channel.writeInbound(one);
            }
        }
        assertBytesAndRelease(QUERY, channel.readInbound());
        assertBytesAndRelease(SYNC, channel.readInbound());
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
        inputs.forEach(in -> assertEquals(0, in.refCnt(), "input buffer leaked"));
    }

    @Test
    void emitsSeveralFramesFromOneBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(1024));
        ByteBuf in = Unpooled.wrappedBuffer(QUERY, SYNC, QUERY);
        assertTrue(channel.writeInbound(in));
        assertBytesAndRelease(QUERY, channel.readInbound());
        assertBytesAndRelease(SYNC, channel.readInbound());
        assertBytesAndRelease(QUERY, channel.readInbound());
        assertFalse(channel.finish());
        assertEquals(0, in.refCnt());
    }

    @Test
    void frameIsASliceNotACopy() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(1024));
        byte[] array = QUERY.clone();
        channel.writeInbound(Unpooled.wrappedBuffer(array));
        ByteBuf frame = channel.readInbound();
        assertTrue(frame.hasArray() && frame.array() == array, "frame must share the input's memory");
        frame.release();
        assertFalse(channel.finish());
    }

    @Test
    void acceptsFrameOfExactlyMaxBytes() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(QUERY.length));
        channel.writeInbound(Unpooled.wrappedBuffer(QUERY));
        assertBytesAndRelease(QUERY, channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void rejectsOversizeFrameFromItsHeaderAlone() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(QUERY.length - 1));
        ByteBuf header = Unpooled.wrappedBuffer(bytes("51 00 00 00 0d -- 'Q' length 13, no payload yet"));
        PgProtocolException e = assertThrows(PgProtocolException.class, () -> channel.writeInbound(header));
        assertEquals("08P01", e.sqlState());
        assertTrue(e.getMessage().contains("'Q'"), e.getMessage());
        assertEquals(0, header.refCnt());
        // everything after the error is discarded
        assertFalse(channel.writeInbound(Unpooled.wrappedBuffer(SYNC)));
        assertFalse(channel.finish());
    }

    @Test
    void rejectsUndersizeLength() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(1024));
        ByteBuf in = Unpooled.wrappedBuffer(bytes("53 00 00 00 03 -- 'S' with length 3 < 4"));
        PgProtocolException e = assertThrows(PgProtocolException.class, () -> channel.writeInbound(in));
        assertEquals("08P01", e.sqlState());
        assertFalse(channel.finish());
        assertEquals(0, in.refCnt());
    }

    @Test
    void rejectsNegativeLength() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(1024));
        ByteBuf in = Unpooled.wrappedBuffer(bytes("00 ff ff ff ff -- type 0x00, length -1"));
        PgProtocolException e = assertThrows(PgProtocolException.class, () -> channel.writeInbound(in));
        assertTrue(e.getMessage().contains("0x00"), e.getMessage());
        assertFalse(channel.finish());
    }

    @Test
    void truncatedFrameEmitsNothingAndIsReleasedOnClose() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(1024));
        ByteBuf in = Unpooled.wrappedBuffer(QUERY, 0, QUERY.length - 1);
        assertFalse(channel.writeInbound(in));
        assertFalse(channel.finish());
        assertEquals(0, in.refCnt());
    }
}
