package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.turnout.protocol.pg.codec.PgProtocolException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.turnout.proxy.pg.FrontendBytes.BIND;
import static io.turnout.proxy.pg.FrontendBytes.EXECUTE;
import static io.turnout.proxy.pg.FrontendBytes.QUERY;
import static io.turnout.proxy.pg.FrontendBytes.SYNC;
import static io.turnout.proxy.pg.FrontendBytes.TERMINATE;
import static io.turnout.proxy.pg.FrontendBytes.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client-to-server stream without a planner: chunks pass whole, headers are checked across any chunk cut. */
class PgClientStreamTest {

    private static final int MAX = 1024;

    /** Feeds {@code bytes} in chunks of 1..maxChunk bytes; returns what was handed on and the last outcome. */
    private static Object[] run(byte[] bytes, Random random, int maxChunk) {
        PgClientStream stream = new PgClientStream(MAX);
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        List<ByteBuf> chunks = new ArrayList<>();
        PgClientStream.Fed last = PgClientStream.Fed.MORE;
        int i = 0;
        while (i < bytes.length && last == PgClientStream.Fed.MORE) {
            int n = Math.min(bytes.length - i, 1 + random.nextInt(maxChunk));
            ByteBuf chunk = Unpooled.copiedBuffer(bytes, i, n);
            chunks.add(chunk);
            last = stream.feed(chunk, b -> {
                relayed.writeBytes(ByteBufUtil.getBytes(b));
                b.release();
            });
            i += n;
        }
        for (ByteBuf c : chunks) {
            assertEquals(0, c.refCnt(), "every chunk is released");
        }
        return new Object[] {relayed.toByteArray(), last};
    }

    @Test
    void everyByteIsRelayedUnchangedWhereverTheChunksAreCut() {
        byte[] session = concat(BIND, EXECUTE, SYNC, QUERY, BIND, EXECUTE, SYNC);
        for (int seed = 0; seed < 200; seed++) {
            Object[] r = run(session, new Random(seed), seed % 3 == 0 ? 1 : 1 + seed % 40);
            assertArrayEquals(session, (byte[]) r[0], "seed " + seed);
            assertEquals(PgClientStream.Fed.MORE, r[1]);
        }
    }

    @Test
    void aWholeChunkIsHandedOnAsItself() {
        PgClientStream stream = new PgClientStream(MAX);
        ByteBuf chunk = Unpooled.wrappedBuffer(concat(BIND, EXECUTE, SYNC));
        List<ByteBuf> out = new ArrayList<>();
        stream.feed(chunk, out::add);
        assertEquals(1, out.size());
        assertTrue(out.get(0) == chunk, "no slice, no copy: the chunk itself");
        out.get(0).release();
        assertEquals(0, chunk.refCnt());
    }

    @Test
    void terminateEndsTheStreamAndWhatFollowsIsNotRelayed() {
        byte[] before = concat(QUERY, TERMINATE);
        byte[] session = concat(before, QUERY);
        for (int seed = 0; seed < 100; seed++) {
            Object[] r = run(session, new Random(seed), 1 + seed % 30);
            assertArrayEquals(before, (byte[]) r[0], "seed " + seed);
            assertEquals(PgClientStream.Fed.TERMINATED, r[1]);
        }
    }

    @Test
    void invalidHeadersAreProtocolViolationsAndNothingOfTheChunkIsRelayed() {
        assertViolation(concat(QUERY, new byte[] {'Q', 0, 0, 0, 2}), "invalid length 2 in message of type 'Q'");
        assertViolation(concat(SYNC, new byte[] {'Q', 0, 0, 4, 0}), "exceeds the limit of " + MAX);
        assertViolation(new byte[] {'Q', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe},
                "invalid length -2");
        assertViolation(concat(SYNC, RawPgClient.frame('z', new byte[3])), "unknown frontend message type 'z'");
        assertViolation(RawPgClient.frame((char) 0x01, new byte[0]), "unknown frontend message type 0x01");
    }

    private static void assertViolation(byte[] bytes, String expected) {
        PgClientStream stream = new PgClientStream(MAX);
        ByteBuf chunk = Unpooled.wrappedBuffer(bytes);
        List<ByteBuf> out = new ArrayList<>();
        PgProtocolException e = assertThrows(PgProtocolException.class, () -> stream.feed(chunk, out::add));
        assertEquals("08P01", e.sqlState());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(out.isEmpty(), "nothing relayed");
        assertEquals(0, chunk.refCnt(), "the chunk is released");
    }

    @Test
    void aHeaderSplitAcrossChunksIsCheckedOnceComplete() {
        PgClientStream stream = new PgClientStream(MAX);
        List<ByteBuf> out = new ArrayList<>();
        stream.feed(Unpooled.wrappedBuffer(concat(SYNC, new byte[] {'z', 0})), out::add);
        assertEquals(1, out.size(), "the start of a header cannot be judged yet");
        out.forEach(ByteBuf::release);
        assertThrows(PgProtocolException.class, () -> stream.feed(Unpooled.wrappedBuffer(new byte[] {0, 0, 4}),
                out::add));
    }
}
