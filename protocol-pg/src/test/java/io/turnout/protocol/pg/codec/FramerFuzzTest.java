package io.turnout.protocol.pg.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.turnout.protocol.pg.message.BackendMessage;
import io.turnout.protocol.pg.message.FrontendMessage;
import io.turnout.protocol.pg.message.StartupMessage;
import io.turnout.protocol.pg.message.StartupPacket;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated byte streams through both framers and the message decoders: the only
 * exception allowed is {@link PgProtocolException}, and every buffer ends with a zero reference
 * count. Seeds are fixed so a failure repeats; override with -Dfuzz.seed=N.
 */
class FramerFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final int ROUNDS = 1500;

    /** A valid session prefix to mutate: Query, Parse, Bind, Describe, Execute, Sync, and some backend replies. */
    private static final byte[] VALID_STREAM = io.turnout.protocol.pg.testing.WireBytes.bytes("""
            51 00 00 00 0d "select 1" 00                            -- Query
            50 00 00 00 17 "s1" 00 "select $1" 00 00 01 00 00 00 17 -- Parse
            42 00 00 00 1e 00 "s1" 00 00 01 00 01 00 02 00 00 00 04 00 00 00 2a ff ff ff ff 00 01 00 00 -- Bind
            44 00 00 00 06 50 00                                    -- Describe portal
            45 00 00 00 09 00 00 00 00 00                           -- Execute
            53 00 00 00 04                                          -- Sync
            54 00 00 00 1b 00 01 "id" 00 00 00 40 00 00 01 00 00 00 17 00 04 ff ff ff ff 00 00 -- RowDescription
            44 00 00 00 0f 00 02 00 00 00 01 "1" ff ff ff ff        -- DataRow
            43 00 00 00 0d "SELECT 1" 00                            -- CommandComplete
            5a 00 00 00 05 49                                       -- ReadyForQuery
            """);
    private static final byte[] VALID_STARTUP = io.turnout.protocol.pg.testing.WireBytes.bytes("""
            00 00 00 08 04 d2 16 2f                                 -- SSLRequest
            00 00 00 14 00 03 00 00 "user" 00 "alice" 00 00         -- StartupMessage
            00 00 00 10 04 d2 16 2e 00 00 30 39 de ad be ef         -- CancelRequest
            """);

    @Test
    void randomBytesThroughTheTypedFramer() {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = new byte[random.nextInt(300)];
            random.nextBytes(input);
            if (random.nextBoolean() && input.length > 5) {
                // plausible header: small length, so that frames actually come out
                input[1] = 0;
                input[2] = 0;
                input[3] = 0;
            }
            run(round, input, random, () -> new PgFrameDecoder(256));
        }
    }

    @Test
    void randomBytesThroughTheStartupFramer() {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = new byte[random.nextInt(300)];
            random.nextBytes(input);
            if (random.nextBoolean() && input.length > 4) {
                input[0] = 0;
                input[1] = 0;
                input[2] = 0;
            }
            run(round, input, random, () -> new PgStartupFrameDecoder(256));
        }
    }

    @Test
    void mutatedSessionsThroughTheTypedFramer() {
        Random random = new Random(SEED + 2);
        for (int round = 0; round < ROUNDS; round++) {
            run(round, mutate(VALID_STREAM, random), random, () -> new PgFrameDecoder(256));
        }
    }

    @Test
    void mutatedStartupPacketsThroughTheStartupFramer() {
        Random random = new Random(SEED + 3);
        for (int round = 0; round < ROUNDS; round++) {
            run(round, mutate(VALID_STARTUP, random), random, () -> new PgStartupFrameDecoder(256));
        }
    }

    @Test
    void unmutatedSessionDecodesCompletely() {
        assertEquals(10, run(0, VALID_STREAM, new Random(SEED), () -> new PgFrameDecoder(256)));
        assertEquals(3, run(0, VALID_STARTUP, new Random(SEED), () -> new PgStartupFrameDecoder(256)));
    }

    private static byte[] mutate(byte[] valid, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int mutations = 1 + random.nextInt(4);
        byte[] bytes = valid.clone();
        for (int i = 0; i < mutations; i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        int cut = random.nextInt(bytes.length + 1);
        out.write(bytes, 0, random.nextInt(4) == 0 ? cut : bytes.length);
        return out.toByteArray();
    }

    /** Feeds the input in random chunks; returns the number of frames that came out. */
    private static int run(int round, byte[] input, Random random, Supplier<ChannelHandler> framer) {
        EmbeddedChannel channel = new EmbeddedChannel(framer.get());
        List<ByteBuf> inputs = new ArrayList<>();
        int frames = 0;
        int offset = 0;
        while (offset < input.length) {
            int chunk = Math.min(input.length - offset, 1 + random.nextInt(16));
            ByteBuf in = Unpooled.copiedBuffer(input, offset, chunk);
            inputs.add(in);
            offset += chunk;
            try {
                channel.writeInbound(in);
            } catch (PgProtocolException expected) {
                assertEquals("08P01", expected.sqlState());
            } catch (RuntimeException e) {
                fail("round " + round + " (seed " + SEED + "): framer threw " + e, e);
            }
            for (ByteBuf frame; (frame = channel.readInbound()) != null; frames++) {
                try {
                    decodeAll(round, frame);
                } finally {
                    frame.release();
                }
            }
        }
        assertFalse(channel.finish(), "no message may be left after reading everything");
        for (ByteBuf in : inputs) {
            assertEquals(0, in.refCnt(), "round " + round + ": input buffer leaked");
        }
        return frames;
    }

    private static void decodeAll(int round, ByteBuf frame) {
        assertTrue(frame.readableBytes() >= 4);
        boolean startup = frame.getInt(frame.readerIndex()) == frame.readableBytes();
        List<Runnable> decoders = startup
                ? List.of(() -> StartupPacket.classify(frame), () -> StartupMessage.decode(frame.duplicate()))
                : List.of(() -> BackendMessage.decode(frame), () -> FrontendMessage.decode(frame));
        for (Runnable decoder : decoders) {
            try {
                decoder.run();
            } catch (PgProtocolException expected) {
                // malformed content is a protocol error
            } catch (RuntimeException e) {
                fail("round " + round + " (seed " + SEED + "): decoding a frame threw " + e, e);
            }
        }
    }
}
