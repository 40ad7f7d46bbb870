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
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgStartupFrameDecoderTest {

    private static final byte[] SSL_REQUEST = bytes("""
            00 00 00 08    -- length 8
            04 d2 16 2f    -- code 80877103 (1234 << 16 | 5679)
            """);
    private static final byte[] STARTUP = bytes("""
            00 00 00 14    -- length 20
            00 03 00 00    -- protocol 3.0
            "user" 00      -- parameter name
            "alice" 00     -- parameter value
            00             -- end of parameters
            """);
    private static final byte[] QUERY = bytes("""
            51             -- 'Q' Query
            00 00 00 0d    -- length 13
            "select 1" 00  -- query string
            """);

    @Test
    void emitsWholeFramesWhenFedOneByteAtATime() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgStartupFrameDecoder(10_000));
        List<ByteBuf> inputs = new ArrayList<>();
        for (byte[] frame : List.of(SSL_REQUEST, STARTUP)) {
            for (byte b : frame) {
                ByteBuf one = Unpooled.buffer(1).writeByte(b);
                inputs.add(one);
                channel.writeInbound(one);
            }
        }
        assertBytesAndRelease(SSL_REQUEST, channel.readInbound());
        assertBytesAndRelease(STARTUP, channel.readInbound());
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
        inputs.forEach(in -> assertEquals(0, in.refCnt(), "input buffer leaked"));
    }

    @Test
    void handsBufferedBytesToTheTypedDecoderAfterASwap() {
        // the handler replaces the startup decoder as soon as it sees the StartupMessage,
        // while a Query already sits in the same read
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("framer", new PgStartupFrameDecoder(10_000));
        channel.pipeline().addLast("swap", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                // pass the frame on first: replacing the framer immediately fires the bytes it buffered
                ctx.fireChannelRead(msg);
                ctx.pipeline().remove(this);
                ctx.pipeline().replace("framer", "framer", new PgFrameDecoder(1024));
            }
        });
        ByteBuf in = Unpooled.wrappedBuffer(STARTUP, QUERY);
        channel.writeInbound(in);
        assertBytesAndRelease(STARTUP, channel.readInbound());
        assertBytesAndRelease(QUERY, channel.readInbound());
        assertFalse(channel.finish());
        assertEquals(0, in.refCnt());
    }

    @Test
    void rejectsOversizeStartupPacket() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgStartupFrameDecoder(STARTUP.length - 1));
        ByteBuf in = Unpooled.wrappedBuffer(STARTUP);
        PgProtocolException e = assertThrows(PgProtocolException.class, () -> channel.writeInbound(in));
        assertEquals("08P01", e.sqlState());
        assertTrue(e.getMessage().contains("exceeds the limit of 19"), e.getMessage());
        assertFalse(channel.writeInbound(Unpooled.wrappedBuffer(SSL_REQUEST)));
        assertFalse(channel.finish());
        assertEquals(0, in.refCnt());
    }

    @Test
    void rejectsUndersizeStartupPacket() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgStartupFrameDecoder(10_000));
        ByteBuf in = Unpooled.wrappedBuffer(bytes("00 00 00 07 -- length 7 < 8"));
        assertThrows(PgProtocolException.class, () -> channel.writeInbound(in));
        assertFalse(channel.finish());
        assertEquals(0, in.refCnt());
    }

    @Test
    void rejectsATypedMessageSentBeforeStartup() {
        // 'Q' 00 00 00 reads as length 0x51000000: far above any sane limit
        EmbeddedChannel channel = new EmbeddedChannel(new PgStartupFrameDecoder(10_000));
        ByteBuf in = Unpooled.wrappedBuffer(QUERY);
        PgProtocolException e = assertThrows(PgProtocolException.class, () -> channel.writeInbound(in));
        assertEquals("08P01", e.sqlState());
        assertFalse(channel.finish());
    }

    @Test
    void truncatedStartupPacketEmitsNothing() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgStartupFrameDecoder(10_000));
        ByteBuf in = Unpooled.wrappedBuffer(STARTUP, 0, STARTUP.length - 1);
        assertFalse(channel.writeInbound(in));
        assertFalse(channel.finish());
        assertEquals(0, in.refCnt());
    }
}
