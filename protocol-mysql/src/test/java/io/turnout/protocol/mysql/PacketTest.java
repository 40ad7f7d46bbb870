package io.turnout.protocol.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Splitting into 0xFFFFFF-byte packets and joining them back. */
class PacketTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    @Test
    void smallPayloadIsOneFrame() {
        Packet.Encoded e = Packet.encode(ALLOC, 3, Hex.buf("0e"));
        Hex.assertBytes(Hex.bytes("01 00 00 03 0e"), e.frames());
        assertEquals(4, e.nextSequenceId());
        e.frames().release();
    }

    @Test
    void aPayloadWrittenWithHeaderRoomBecomesItsOwnFrame() {
        ByteBuf payload = Packet.withHeaderRoom(ALLOC, 8).writeByte(0x0e);
        Packet.Encoded e = Packet.encodeInRoom(ALLOC, 5, payload);
        assertSame(payload, e.frames());
        Hex.assertBytes(Hex.bytes("01 00 00 05 0e"), e.frames());
        assertEquals(6, e.nextSequenceId());
        e.frames().release();
        ByteBuf noRoom = Hex.buf("0e");
        Packet.Encoded other = Packet.encodeInRoom(ALLOC, 0, noRoom);
        Hex.assertBytes(Hex.bytes("01 00 00 00 0e"), other.frames());
        other.frames().release();
    }

    @Test
    void aPayloadTooLongForOnePacketIsSplitThoughItHasRoom() {
        ByteBuf payload = Packet.withHeaderRoom(ALLOC, PacketFramer.MAX_PAYLOAD)
                .writeZero(PacketFramer.MAX_PAYLOAD);
        Packet.Encoded e = Packet.encodeInRoom(ALLOC, 0, payload);
        assertEquals(2, e.nextSequenceId());
        assertEquals(PacketFramer.MAX_PAYLOAD + 8, e.frames().readableBytes());
        e.frames().release();
    }

    @Test
    void sequenceIdWrapsAround() {
        Packet.Encoded e = Packet.encode(ALLOC, 255, Hex.buf("0e"));
        assertEquals(0, e.nextSequenceId());
        e.frames().release();
    }

    @Test
    void exactMultipleGetsAnEmptyTerminator() {
        roundTrip(PacketFramer.MAX_PAYLOAD, 2);
    }

    @Test
    void longPayloadIsSplitAndJoined() {
        roundTrip(2 * PacketFramer.MAX_PAYLOAD + 7, 3);
    }

    private void roundTrip(int length, int expectedFrames) {
        byte[] bytes = new byte[length];
        new java.util.Random(length).nextBytes(bytes);
        ByteBuf payload = Unpooled.wrappedBuffer(bytes);
        Packet.Encoded e = Packet.encode(ALLOC, 0, payload.retainedDuplicate());
        assertEquals(expectedFrames, e.nextSequenceId());
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFramer(1L << 30));
        ch.writeInbound(e.frames());
        PacketAssembler assembler = new PacketAssembler(ALLOC);
        Packet packet = null;
        for (int i = 0; i < expectedFrames; i++) {
            ByteBuf frame = ch.readInbound();
            if (i < expectedFrames - 1) {
                assertNull(assembler.add(frame));
            } else {
                packet = assembler.add(frame);
            }
        }
        assertEquals(0, packet.sequenceId());
        assertEquals(length, packet.length());
        org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, io.netty.buffer.ByteBufUtil.getBytes(packet.payload()));
        packet.release();
        payload.release();
        assembler.close();
        assertFalse(ch.finish());
    }
}
