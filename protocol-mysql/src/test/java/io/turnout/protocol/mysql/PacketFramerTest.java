package io.turnout.protocol.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketFramerTest {

    private static final String PING_AND_QUERY = """
            01 00 00   // payload length 1
            00         // sequence id 0
            0e         // COM_PING
            09 00 00   // payload length 9
            00         // sequence id 0
            03         // COM_QUERY
            53 45 4c 45 43 54 20 31  // SELECT 1
            """;

    @Test
    void splitsPacketsFedOneByteAtATime() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFramer(1 << 20));
        byte[] input = Hex.bytes(PING_AND_QUERY);
        for (byte b : input) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        ByteBuf ping = ch.readInbound();
        Hex.assertBytes(Hex.bytes("01 00 00 00 0e"), ping);
        assertEquals(1, PacketFramer.payloadLength(ping));
        ping.release();
        ByteBuf query = ch.readInbound();
        assertEquals(9, PacketFramer.payloadLength(query));
        assertEquals(0, PacketFramer.sequenceId(query));
        query.release();
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void lengthIsUnsigned() {
        // 0xFFFFFF must read as 16,777,215, not -1: the framer waits for the payload instead of failing.
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFramer(1L << 30));
        ch.writeInbound(Hex.buf("ff ff ff 00 01 02"));
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void continuationChainIsLimitedAsOnePacket() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFramer(PacketFramer.MAX_PAYLOAD + 10L));
        ByteBuf first = Unpooled.buffer().writeMediumLE(PacketFramer.MAX_PAYLOAD).writeByte(0)
                .writeZero(PacketFramer.MAX_PAYLOAD);
        ch.writeInbound(first);
        ByteBuf frame = ch.readInbound();
        assertEquals(PacketFramer.MAX_PAYLOAD, PacketFramer.payloadLength(frame));
        frame.release();
        DecoderException e = assertThrows(DecoderException.class,
                () -> ch.writeInbound(Hex.buf("0b 00 00 01")));
        PacketTooLargeException cause = assertInstanceOf(PacketTooLargeException.class, e.getCause());
        assertEquals(PacketFramer.MAX_PAYLOAD + 11L, cause.length());
        assertFalse(ch.finish());
    }

    @Test
    void continuationWithinLimitIsAccepted() {
        PacketFramer framer = new PacketFramer(PacketFramer.MAX_PAYLOAD + 10L);
        EmbeddedChannel ch = new EmbeddedChannel(framer);
        ch.writeInbound(Unpooled.buffer().writeMediumLE(PacketFramer.MAX_PAYLOAD).writeByte(0)
                .writeZero(PacketFramer.MAX_PAYLOAD));
        assertTrue(framer.inContinuation());
        ch.writeInbound(Hex.buf("0a 00 00 01 00 00 00 00 00 00 00 00 00 00"));
        assertFalse(framer.inContinuation());
        ch.<ByteBuf>readInbound().release();
        ch.<ByteBuf>readInbound().release();
        // after the chain ends, a new packet starts counting from zero
        ch.writeInbound(Hex.buf("01 00 00 00 0e"));
        ch.<ByteBuf>readInbound().release();
        assertFalse(ch.finish());
    }

    @Test
    void oversizedHeaderFailsBeforeThePayloadArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFramer(1024));
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(Hex.buf("01 04 00 00")));
        assertInstanceOf(PacketTooLargeException.class, e.getCause());
        assertFalse(ch.finish());
    }

    @Test
    void emptyPayloadIsAPacket() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFramer(16));
        ch.writeInbound(Hex.buf("00 00 00 07"));
        ByteBuf frame = ch.readInbound();
        assertEquals(0, PacketFramer.payloadLength(frame));
        assertEquals(7, PacketFramer.sequenceId(frame));
        frame.release();
        assertFalse(ch.finish());
    }

    @Test
    void setSequenceIdRewritesInPlace() {
        ByteBuf frame = Hex.buf("01 00 00 05 0e");
        PacketFramer.setSequenceId(frame, 9);
        Hex.assertBytes(Hex.bytes("01 00 00 09 0e"), frame);
    }

    /** Reassembling what the framer emits gives back the input, for any chunking. */
    @Test
    void framesConcatenateToTheInput() {
        byte[] input = Hex.bytes(PING_AND_QUERY + PING_AND_QUERY);
        for (int chunk = 1; chunk <= input.length; chunk++) {
            EmbeddedChannel ch = new EmbeddedChannel(new PacketFramer(1 << 20));
            for (int i = 0; i < input.length; i += chunk) {
                ch.writeInbound(Unpooled.wrappedBuffer(input, i, Math.min(chunk, input.length - i)));
            }
            List<ByteBuf> frames = new ArrayList<>();
            for (ByteBuf f; (f = ch.readInbound()) != null; ) {
                frames.add(f);
            }
            assertEquals(4, frames.size());
            ByteBuf joined = Unpooled.wrappedBuffer(frames.toArray(ByteBuf[]::new));
            Hex.assertBytes(input, joined);
            joined.release();
            assertFalse(ch.finish());
        }
    }
}
