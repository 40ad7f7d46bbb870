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

/**
 * The client-to-server stream with a planner: each message is shown whole wherever the reads are cut, messages let
 * go as they came leave in runs, and replacements keep their place in the stream.
 */
class PgClientFramesTest {

    private static final int MAX = 1024;

    private static final byte[] COPY_DATA = RawPgClient.frame('d', new byte[300]);
    /** What the test handler sends instead of every Bind. */
    private static final byte[] REPLACED_BIND = RawPgClient.frame('B', new byte[] {0, 't', '9', 0, 0, 0, 0, 0, 0,
            0});

    /** What one run of a stream did. */
    private record Outcome(byte[] relayed, List<byte[]> shown, int writes, PgClientStream.Fed last) {
    }

    /**
     * Feeds {@code bytes} in chunks of 1..maxChunk bytes to a stream whose handler records each message and, when
     * {@code replaceBinds}, emits {@link #REPLACED_BIND} instead of every Bind.
     */
    private static Outcome run(byte[] bytes, Random random, int maxChunk, boolean replaceBinds) {
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        int[] writes = {0};
        PgClientFrames frames = new PgClientFrames(MAX, b -> {
            relayed.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
            writes[0]++;
        });
        List<byte[]> shown = new ArrayList<>();
        frames.messages((type, message) -> {
            shown.add(ByteBufUtil.getBytes(message));
            if (replaceBinds && type == 'B') {
                frames.emit(Unpooled.wrappedBuffer(REPLACED_BIND));
                return false;
            }
            return true;
        });
        List<ByteBuf> chunks = new ArrayList<>();
        PgClientStream.Fed last = PgClientStream.Fed.MORE;
        int i = 0;
        while (i < bytes.length && last == PgClientStream.Fed.MORE) {
            int n = Math.min(bytes.length - i, 1 + random.nextInt(maxChunk));
            ByteBuf chunk = Unpooled.copiedBuffer(bytes, i, n);
            chunks.add(chunk);
            last = frames.feed(chunk);
            i += n;
        }
        frames.close();
        for (ByteBuf c : chunks) {
            assertEquals(0, c.refCnt(), "every chunk is released");
        }
        return new Outcome(relayed.toByteArray(), shown, writes[0], last);
    }

    @Test
    void everyMessageIsShownWholeAndRelayedUnchangedWhereverTheReadsAreCut() {
        byte[][] messages = {BIND, EXECUTE, SYNC, QUERY, COPY_DATA, BIND, EXECUTE, SYNC};
        byte[] session = concat(messages);
        for (int seed = 0; seed < 300; seed++) {
            Outcome o = run(session, new Random(seed), seed % 3 == 0 ? 1 : 1 + seed % 400, false);
            assertArrayEquals(session, o.relayed(), "seed " + seed);
            assertEquals(messages.length, o.shown().size(), "seed " + seed);
            for (int m = 0; m < messages.length; m++) {
                assertArrayEquals(messages[m], o.shown().get(m), "seed " + seed + ", message " + m);
            }
            assertEquals(PgClientStream.Fed.MORE, o.last());
        }
    }

    @Test
    void aReplacementTakesTheReplacedMessagesPlaceInTheStream() {
        byte[] session = concat(QUERY, BIND, EXECUTE, SYNC, BIND, EXECUTE, SYNC);
        byte[] expected = concat(QUERY, REPLACED_BIND, EXECUTE, SYNC, REPLACED_BIND, EXECUTE, SYNC);
        for (int seed = 0; seed < 300; seed++) {
            Outcome o = run(session, new Random(seed), seed % 3 == 0 ? 1 : 1 + seed % 120, true);
            assertArrayEquals(expected, o.relayed(), "seed " + seed);
        }
    }

    @Test
    void messagesLetGoInOneReadLeaveAsOneWrite() {
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        List<ByteBuf> out = new ArrayList<>();
        PgClientFrames frames = new PgClientFrames(MAX, out::add);
        frames.messages((type, message) -> true);
        ByteBuf chunk = Unpooled.wrappedBuffer(concat(BIND, EXECUTE, SYNC));
        frames.feed(chunk);
        assertEquals(1, out.size());
        assertTrue(out.get(0) == chunk, "no slice, no copy: the chunk itself");
        out.get(0).release();
        assertEquals(0, chunk.refCnt());

        // a replaced Bind in the middle: the messages before it, the replacement, the messages after it
        PgClientFrames replacing = new PgClientFrames(MAX, out::add);
        replacing.messages((type, message) -> {
            if (type == 'B') {
                replacing.emit(Unpooled.wrappedBuffer(REPLACED_BIND));
                return false;
            }
            return true;
        });
        out.clear();
        ByteBuf withReplacement = Unpooled.wrappedBuffer(concat(QUERY, SYNC, BIND, EXECUTE, SYNC));
        replacing.feed(withReplacement);
        assertEquals(1, out.size(), "the three pieces copied into one buffer: one send, not a writev");
        assertEquals(0, withReplacement.refCnt());
        out.forEach(b -> {
            relayed.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        });
        assertArrayEquals(concat(QUERY, SYNC, REPLACED_BIND, EXECUTE, SYNC), relayed.toByteArray());

        // a large replacement is not copied: the pieces go as they are
        byte[] large = new byte[PgClientFrames.JOIN_BELOW + 100];
        large[0] = 'Q';
        ByteBuf bigReplacement = Unpooled.wrappedBuffer(large);
        PgClientFrames replacingLarge = new PgClientFrames(MAX, out::add);
        replacingLarge.messages((type, message) -> {
            if (type == 'B') {
                replacingLarge.emit(bigReplacement);
                return false;
            }
            return true;
        });
        out.clear();
        relayed.reset();
        replacingLarge.feed(Unpooled.wrappedBuffer(concat(QUERY, BIND, EXECUTE, SYNC)));
        assertEquals(3, out.size());
        assertTrue(out.get(1) == bigReplacement);
        out.forEach(b -> {
            relayed.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        });
        assertArrayEquals(concat(QUERY, large, EXECUTE, SYNC), relayed.toByteArray());
    }

    @Test
    void terminateEndsTheStreamAndWhatFollowsIsNotRelayed() {
        byte[] before = concat(QUERY, TERMINATE);
        byte[] session = concat(before, QUERY);
        for (int seed = 0; seed < 100; seed++) {
            Outcome o = run(session, new Random(seed), 1 + seed % 30, false);
            assertArrayEquals(before, o.relayed(), "seed " + seed);
            assertEquals(PgClientStream.Fed.TERMINATED, o.last());
            assertEquals(2, o.shown().size(), "the Query after the Terminate is never shown");
        }
    }

    @Test
    void invalidHeadersAreProtocolViolationsAndBuffersAreReleased() {
        assertViolation(concat(QUERY, new byte[] {'Q', 0, 0, 0, 2}), "invalid length 2 in message of type 'Q'");
        assertViolation(concat(SYNC, new byte[] {'Q', 0, 0, 4, 0}), "exceeds the limit of " + MAX);
        assertViolation(concat(SYNC, RawPgClient.frame('z', new byte[3])), "unknown frontend message type 'z'");

        // a header cut after two bytes is judged once complete; the gathered bytes are released
        PgClientFrames frames = new PgClientFrames(MAX, ByteBuf::release);
        frames.messages((type, message) -> true);
        ByteBuf first = Unpooled.wrappedBuffer(concat(SYNC, new byte[] {'z', 0}));
        frames.feed(first);
        ByteBuf second = Unpooled.wrappedBuffer(new byte[] {0, 0, 4});
        assertThrows(PgProtocolException.class, () -> frames.feed(second));
        frames.close();
        assertEquals(0, first.refCnt());
        assertEquals(0, second.refCnt());
    }

    private static void assertViolation(byte[] bytes, String expected) {
        PgClientFrames frames = new PgClientFrames(MAX, ByteBuf::release);
        frames.messages((type, message) -> true);
        ByteBuf chunk = Unpooled.wrappedBuffer(bytes);
        PgProtocolException e = assertThrows(PgProtocolException.class, () -> frames.feed(chunk));
        assertEquals("08P01", e.sqlState());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(0, chunk.refCnt(), "the chunk is released");
    }
}
