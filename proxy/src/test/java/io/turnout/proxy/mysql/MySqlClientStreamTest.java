package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.turnout.protocol.mysql.PacketTooLargeException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The unrouted client-to-server stream: bytes pass unchanged and whole, short KILL-like commands are offered whole. */
class MySqlClientStreamTest {

    private static final int MAX = 1 << 20;

    private static byte[] packet(int seq, byte[] payload) {
        byte[] p = new byte[4 + payload.length];
        p[0] = (byte) payload.length;
        p[1] = (byte) (payload.length >> 8);
        p[2] = (byte) (payload.length >> 16);
        p[3] = (byte) seq;
        System.arraycopy(payload, 0, p, 4, payload.length);
        return p;
    }

    private static byte[] query(String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[1 + text.length];
        payload[0] = 0x03; // COM_QUERY
        System.arraycopy(text, 0, payload, 1, text.length);
        return packet(0, payload);
    }

    // COM_STMT_EXECUTE: statement id 1, flags 0, iteration count 1, one parameter (null bitmap 0, new types 1,
    // type LONGLONG), value 42
    private static final byte[] EXECUTE = packet(0, new byte[] {0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 8, 0,
            42, 0, 0, 0, 0, 0, 0, 0});
    private static final byte[] SELECT = query("SELECT c FROM sbtest1 WHERE id=42");
    private static final byte[] KILL = query("  kill query 7");
    private static final byte[] PROCESS_KILL = packet(0, new byte[] {0x0C, 7, 0, 0, 0});
    // starts with K: offered too (the sink's parser says no), the stream only looks at the first letter
    private static final byte[] KEEP_ALIVE = query("KEEP_ALIVE_IS_NOT_A_KILL");
    // LOAD DATA LOCAL INFILE content from the client: sequence id 2, starts like a COM_QUERY "KILL" but is data
    private static final byte[] INFILE_DATA = packet(2, "\u0003KILL 7".getBytes(StandardCharsets.US_ASCII));

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    /** What the sink saw: relayed bytes, writes, and the commands it was offered. */
    private static final class Recorder implements MySqlClientStream.Sink {
        final ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        final List<String> offered = new ArrayList<>();
        final boolean takeOver;
        int writes;

        Recorder(boolean takeOver) {
            this.takeOver = takeOver;
        }

        @Override
        public void relay(ByteBuf bytes) {
            writes++;
            relayed.writeBytes(ByteBufUtil.getBytes(bytes));
            bytes.release();
        }

        @Override
        public boolean command(ByteBuf packet, int payloadLength) {
            assertEquals(4 + payloadLength, packet.readableBytes(), "the whole packet is offered");
            offered.add(ByteBufUtil.hexDump(packet));
            return takeOver;
        }
    }

    /** Feeds {@code bytes} in chunks of 1..maxChunk bytes. */
    private static Recorder run(byte[] bytes, Random random, int maxChunk, boolean takeOver) {
        MySqlClientStream stream = new MySqlClientStream(MAX);
        Recorder sink = new Recorder(takeOver);
        List<ByteBuf> chunks = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            int n = Math.min(bytes.length - i, 1 + random.nextInt(maxChunk));
            ByteBuf chunk = Unpooled.copiedBuffer(bytes, i, n);
            chunks.add(chunk);
            stream.feed(chunk, sink);
            i += n;
        }
        stream.close();
        for (ByteBuf c : chunks) {
            assertEquals(0, c.refCnt(), "every chunk is released");
        }
        return sink;
    }

    @Test
    void aReadOfWholeCommandsIsOneWriteOfTheSameBuffer() {
        ByteBuf chunk = Unpooled.wrappedBuffer(concat(SELECT, EXECUTE, SELECT));
        List<ByteBuf> out = new ArrayList<>();
        new MySqlClientStream(MAX).feed(chunk, new MySqlClientStream.Sink() {
            @Override
            public void relay(ByteBuf bytes) {
                out.add(bytes);
            }

            @Override
            public boolean command(ByteBuf packet, int payloadLength) {
                throw new AssertionError("no command looks like a KILL");
            }
        });
        assertEquals(1, out.size());
        assertSame(chunk, out.get(0));
        assertEquals(1, chunk.refCnt(), "handed on, not copied");
        out.get(0).release();
    }

    @Test
    void everyByteIsRelayedUnchangedWhereverTheChunksAreCut() {
        byte[] session = concat(SELECT, EXECUTE, KEEP_ALIVE, INFILE_DATA, KILL, SELECT, PROCESS_KILL, EXECUTE);
        for (int seed = 0; seed < 300; seed++) {
            Recorder r = run(session, new Random(seed), seed % 3 == 0 ? 1 : 1 + seed % 60, false);
            assertArrayEquals(session, r.relayed.toByteArray(), "seed " + seed);
            assertEquals(List.of(ByteBufUtil.hexDump(KEEP_ALIVE), ByteBufUtil.hexDump(KILL),
                    ByteBufUtil.hexDump(PROCESS_KILL)), r.offered,
                    "seed " + seed);
        }
    }

    @Test
    void aCommandTakenOverIsNotRelayedAndTheRestKeepsItsOrder() {
        byte[] session = concat(SELECT, KILL, EXECUTE, PROCESS_KILL, SELECT);
        for (int seed = 0; seed < 200; seed++) {
            Recorder r = run(session, new Random(seed), 1 + seed % 50, true);
            assertArrayEquals(concat(SELECT, EXECUTE, SELECT), r.relayed.toByteArray(), "seed " + seed);
            assertEquals(2, r.offered.size());
        }
    }

    @Test
    void continuationPacketsAreNeverCommands() {
        // a 16 MiB - 1 payload announces a continuation; the continuation (sequence id 1) looks like a KILL
        byte[] first = new byte[4 + 0xFFFFFF];
        first[0] = (byte) 0xFF;
        first[1] = (byte) 0xFF;
        first[2] = (byte) 0xFF;
        first[4] = 0x03;
        byte[] continuation = query("KILL 7");
        byte[] session = concat(first, continuation, KILL);
        MySqlClientStream stream = new MySqlClientStream(64L << 20);
        Recorder sink = new Recorder(false);
        for (int i = 0; i < session.length; i += 65536) {
            stream.feed(Unpooled.copiedBuffer(session, i, Math.min(65536, session.length - i)), sink);
        }
        assertEquals(List.of(ByteBufUtil.hexDump(KILL)), sink.offered);
        assertEquals(session.length, sink.relayed.size());
    }

    @Test
    void aLogicalPacketOverTheLimitIsRefusedAtItsHeader() {
        MySqlClientStream stream = new MySqlClientStream(1024);
        Recorder sink = new Recorder(false);
        byte[] big = new byte[] {0x01, 0x04, 0x00, 0x00, 0x03}; // 1025-byte COM_QUERY, only its start
        ByteBuf chunk = Unpooled.wrappedBuffer(concat(SELECT, big));
        PacketTooLargeException e = assertThrows(PacketTooLargeException.class, () -> stream.feed(chunk, sink));
        assertEquals(1024, e.limit());
        assertArrayEquals(SELECT, sink.relayed.toByteArray(), "the packet before it still goes out");
        assertEquals(0, chunk.refCnt());
    }

    @Test
    void aCutHeaderOrKillIsCarriedAndReleasedAtClose() {
        MySqlClientStream stream = new MySqlClientStream(MAX);
        Recorder sink = new Recorder(false);
        stream.feed(Unpooled.copiedBuffer(KILL, 0, 6), sink);
        assertEquals(0, sink.relayed.size(), "a possible KILL waits for its end");
        stream.close(); // leak detection (paranoid in tests) reports the carry if close forgot it
    }
}
