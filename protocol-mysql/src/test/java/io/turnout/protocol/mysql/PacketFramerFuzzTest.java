package io.turnout.protocol.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
  * Random and mutated byte streams through framer, assembler and message decoders: the only
  * exception allowed is a {@link MySqlProtocolException}, and every buffer is released.
  */
class PacketFramerFuzzTest {
    private static final int LIMIT = 4096;

    @Test
    void randomAndMutatedStreams() {
        Random random = new Random(20261130L);
        byte[] valid = Hex.bytes("""
                01 00 00 00 0e
                09 00 00 00 03 53 45 4c 45 43 54 20 31
                07 00 00 02 00 00 00 02 00 00 00
                """);
        for (int round = 0; round < 3000; round++) {
            byte[] input;
            if (round % 2 == 0) {
                input = new byte[random.nextInt(64)];
                random.nextBytes(input);
            } else {
                input = valid.clone();
                for (int m = random.nextInt(4) + 1; m > 0; m--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            feed(input, random);
        }
    }

    private void feed(byte[] input, Random random) {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFramer(LIMIT));
        long emitted = 0;
        try {
            int i = 0;
            while (i < input.length) {
                int n = Math.min(input.length - i, 1 + random.nextInt(8));
                ch.writeInbound(Unpooled.wrappedBuffer(input, i, n));
                i += n;
                for (ByteBuf frame; (frame = ch.readInbound()) != null; ) {
                    emitted += frame.readableBytes();
                    decodeEverything(frame);
                }
            }
        } catch (DecoderException e) {
            assertInstanceOf(MySqlProtocolException.class, e.getCause());
        } finally {
            ch.finishAndReleaseAll();
        }
        assertTrue(emitted <= input.length);
    }

    private static void decodeEverything(ByteBuf frame) {
        PacketAssembler assembler = new PacketAssembler(frame.alloc());
        Packet packet = assembler.add(frame);
        assembler.close();
        if (packet == null) {
            return;
        }
        try {
            assertEquals(PacketFramer.HEADER_BYTES, packet.payload().readerIndex());
            for (Runnable decoder : new Runnable[] {
                    () -> OkPacket.decode(packet.payload().duplicate()),
                    () -> ErrPacket.decode(packet.payload().duplicate()),
                    () -> EofPacket.decode(packet.payload().duplicate()),
                    () -> HandshakeV10.decode(packet.payload().duplicate()),
                    () -> HandshakeResponse41.decode(packet.payload().duplicate()),
                    () -> AuthSwitchRequest.decode(packet.payload().duplicate()),
                    () -> AuthMoreData.decode(packet.payload().duplicate()),
                    () -> SslRequest.decode(packet.payload().duplicate())}) {
                try {
                    decoder.run();
                } catch (MySqlProtocolException expected) {
                    // the only acceptable failure
                }
            }
        } finally {
            packet.release();
        }
    }
}
