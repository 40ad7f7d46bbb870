package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
  * Joins physical frames from {@link PacketFramer} into logical {@link Packet}s (a payload of
  * 0xFFFFFF bytes continues in the next frame). Used where the proxy has to read a message; plain
  * relaying forwards the frames themselves.
  */
public final class PacketAssembler implements AutoCloseable {
    private final ByteBufAllocator alloc;
    private CompositeByteBuf pending;
    private int firstSequenceId;
    private int expectedSequenceId;

    public PacketAssembler(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /**
      * Takes ownership of {@code frame} (header included).
      *
      * @return the complete packet, or {@code null} while a continuation is still expected
      */
    public Packet add(ByteBuf frame) {
        try {
            if (frame.readableBytes() < PacketFramer.HEADER_BYTES) {
                throw new MySqlProtocolException("truncated packet header (" + frame.readableBytes() + " bytes)");
            }
            int length = frame.readUnsignedMediumLE();
            int seq = frame.readUnsignedByte();
            if (length != frame.readableBytes()) {
                throw new MySqlProtocolException(
                        "packet header announces " + length + " bytes but " + frame.readableBytes() + " follow");
            }
            if (pending == null) {
                if (length < PacketFramer.MAX_PAYLOAD) {
                    return new Packet(seq, frame.retain());
                }
                pending = alloc.compositeBuffer(Integer.MAX_VALUE);
                firstSequenceId = seq;
            } else if (seq != expectedSequenceId) {
                throw new MySqlProtocolException(
                        "continuation packet has sequence id " + seq + ", expected " + expectedSequenceId);
            }
            expectedSequenceId = (seq + 1) & 0xFF;
            pending.addComponent(true, frame.retain());
            if (length < PacketFramer.MAX_PAYLOAD) {
                Packet done = new Packet(firstSequenceId, pending);
                pending = null;
                return done;
            }
            return null;
        } finally {
            frame.release();
        }
    }

    @Override
    public void close() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
