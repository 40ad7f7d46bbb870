package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
  * One logical MySQL packet: the sequence id of its first physical packet and the joined payload.
  * The payload is owned by this packet; {@link #release()} it when done.
  */
public record Packet(int sequenceId, ByteBuf payload) {

    public Packet {
        if (sequenceId < 0 || sequenceId > 255) {
            throw new IllegalArgumentException("sequence id out of range: " + sequenceId);
        }
    }

    /** The first payload byte (the message type of most packets), or -1 for an empty payload. */
    public int firstByte() {
        return payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
    }

    public int length() {
        return payload.readableBytes();
    }

    public void release() {
        payload.release();
    }

    /**
      * A buffer to write a payload into that keeps room for the packet header before it, so that
      * {@link #encodeInRoom} writes the header there and the frame is this one buffer, not a composite of a header
      * and the payload.
      */
    public static ByteBuf withHeaderRoom(ByteBufAllocator alloc, int payloadCapacity) {
        ByteBuf b = alloc.buffer(PacketFramer.HEADER_BYTES + payloadCapacity);
        return b.writerIndex(PacketFramer.HEADER_BYTES).readerIndex(PacketFramer.HEADER_BYTES);
    }

    /**
      * {@link #encode} for a payload written into a {@link #withHeaderRoom} buffer: the header goes into the room
      * before it. A payload without that room, or too long for one packet, is encoded as {@link #encode} does.
      * Consumes {@code payload}.
      */
    public static Encoded encodeInRoom(ByteBufAllocator alloc, int sequenceId, ByteBuf payload) {
        int remaining = payload.readableBytes();
        int at = payload.readerIndex() - PacketFramer.HEADER_BYTES;
        if (at < 0 || remaining >= PacketFramer.MAX_PAYLOAD) {
            return encode(alloc, sequenceId, payload);
        }
        int seq = sequenceId & 0xFF;
        payload.setMediumLE(at, remaining).setByte(at + 3, seq).readerIndex(at);
        return new Encoded(payload, (seq + 1) & 0xFF);
    }

    /**
      * Encodes {@code payload} as one or more physical packets starting at {@code sequenceId},
      * splitting at {@link PacketFramer#MAX_PAYLOAD} and appending an empty packet when the length is an
      * exact multiple of it. Consumes (releases) {@code payload}.
      *
      * @return the frames, and the sequence id that follows the last one, via {@link Encoded}
      */
    public static Encoded encode(ByteBufAllocator alloc, int sequenceId, ByteBuf payload) {
        int seq = sequenceId & 0xFF;
        int remaining = payload.readableBytes();
        if (remaining < PacketFramer.MAX_PAYLOAD) {
            ByteBuf header = alloc.ioBuffer(PacketFramer.HEADER_BYTES);
            header.writeMediumLE(remaining).writeByte(seq);
            CompositeByteBuf out = alloc.compositeBuffer(2).addComponents(true, header, payload);
            return new Encoded(out, (seq + 1) & 0xFF);
        }
        CompositeByteBuf out = alloc.compositeBuffer(2 + 2 * (remaining / PacketFramer.MAX_PAYLOAD));
        while (true) {
            int chunk = Math.min(remaining, PacketFramer.MAX_PAYLOAD);
            ByteBuf header = alloc.ioBuffer(PacketFramer.HEADER_BYTES);
            header.writeMediumLE(chunk).writeByte(seq);
            out.addComponent(true, header);
            if (chunk > 0) {
                out.addComponent(true, payload.readRetainedSlice(chunk));
            }
            seq = (seq + 1) & 0xFF;
            remaining -= chunk;
            if (chunk < PacketFramer.MAX_PAYLOAD) {
                break;
            }
        }
        payload.release();
        return new Encoded(out, seq);
    }

    /** Frames ready to write (owned by the caller), and the next sequence id. */
    public record Encoded(ByteBuf frames, int nextSequenceId) {}
}
