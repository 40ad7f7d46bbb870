package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.turnout.protocol.mysql.ServerStatus;
import io.turnout.proxy.mysql.MySqlReplyQueue.Disposition;
import io.turnout.proxy.mysql.MySqlReplyQueue.PendingReply;
import io.turnout.proxy.route.PlannedSql;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;
import io.turnout.routing.model.Shape;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reply walker and queue fed server transcripts cut at every position (and byte by byte): what the client
 * receives must not depend on how TCP cut the stream, and every buffer is released.
 */
class MySqlReplyStreamTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] packet(int seq, String hex) {
        byte[] payload = HEX.parseHex(hex.replace(" ", ""));
        byte[] out = new byte[4 + payload.length];
        out[0] = (byte) payload.length;
        out[1] = (byte) (payload.length >> 8);
        out[2] = (byte) (payload.length >> 16);
        out[3] = (byte) seq;
        System.arraycopy(payload, 0, out, 4, payload.length);
        return out;
    }

    private static byte[] text(int seq, String s) {
        return packet(seq, HEX.formatHex(s.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** OK: affected rows, last insert id, status flags. */
    private static byte[] ok(int seq, int affected, int insertId, int status) {
        return packet(seq, String.format("00 %02x %02x %02x %02x 00 00", affected, insertId, status & 0xFF,
                status >> 8));
    }

    private static byte[] eof(int seq, int status) {
        return packet(seq, String.format("fe 00 00 %02x %02x", status & 0xFF, status >> 8));
    }

    private static final byte[] COLUMN_DEF = text(2, "\u0003def\u0000\u0001t\u0001t\u0001x\u0001x\u000c!\u0000"
            + "\u0000\u0000\u0000\u0000\u0003\u0000\u0000\u0000\u0000\u0000");
    /** SELECT x: one column, two rows (one starting with 0x00, one long enough to cross many cuts), EOF. */
    private static final byte[] RESULT_SET = concat(packet(1, "01"), COLUMN_DEF, eof(3, ServerStatus.AUTOCOMMIT),
            packet(4, "01 37"), packet(5, "28" + "61".repeat(40)), eof(6, ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS));
    private static final byte[] ERR = packet(1, "ff 26 0f 23 32 33 30 30 30 63 68 65 63 6b"); // 3878 #23000 check

    /** Feeds {@code server} cut at {@code cut} (and each byte alone when cut is -1); returns what the client got. */
    private static byte[] feed(MySqlReplyStream stream, byte[] server, int cut) {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        Consumer<ByteBuf> out = b -> {
            client.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        };
        List<ByteBuf> chunks = new ArrayList<>();
        if (cut < 0) {
            for (byte b : server) {
                chunks.add(Unpooled.copiedBuffer(new byte[] {b}));
            }
        } else {
            chunks.add(Unpooled.copiedBuffer(server, 0, cut));
            chunks.add(Unpooled.copiedBuffer(server, cut, server.length - cut));
        }
        for (ByteBuf c : chunks) {
            if (!c.isReadable()) {
                continue; // Unpooled's shared empty buffer
            }
            stream.feed(c, out);
        }
        for (ByteBuf c : chunks) {
            assertEquals(c.isReadable() ? 0 : 1, c.refCnt(), "every chunk released once the replies are in");
        }
        return client.toByteArray();
    }

    private static void everyCut(byte[] server, Scenario scenario) {
        for (int cut = -1; cut <= server.length; cut++) {
            scenario.run(server, cut);
        }
    }

    @FunctionalInterface
    interface Scenario {
        void run(byte[] server, int cut);
    }

    @Test
    void passThroughRepliesGoOnUnchangedAndTheQueueFollowsThem() {
        byte[] server = concat(RESULT_SET, ok(1, 1, 0, ServerStatus.AUTOCOMMIT), ERR);
        everyCut(server, (bytes, cut) -> {
            MySqlReplyQueue queue = new MySqlReplyQueue();
            MySqlReplyStream stream = new MySqlReplyStream(queue);
            queue.expect(new PendingReply(new ReplyReader(ReplyReader.Kind.QUERY, false), Disposition.FORWARD, null));
            queue.expect(new PendingReply(new ReplyReader(ReplyReader.Kind.QUERY, false), Disposition.FORWARD, null));
            queue.expect(new PendingReply(new ReplyReader(ReplyReader.Kind.QUERY, false), Disposition.FORWARD, null));
            assertEquals(HEX.formatHex(bytes), HEX.formatHex(feed(stream, bytes, cut)), "cut at " + cut);
            assertTrue(queue.idle(), "all three replies recognised, cut at " + cut);
            assertTrue(stream.atBoundary());
        });
    }

    @Test
    void forwardedRepliesReadInOneChunkGoOnAsThatChunk() {
        byte[] server = concat(RESULT_SET, ok(1, 1, 0, ServerStatus.AUTOCOMMIT), RESULT_SET);
        MySqlReplyQueue queue = new MySqlReplyQueue();
        MySqlReplyStream stream = new MySqlReplyStream(queue);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queue.expect(new PendingReply(new ReplyReader(ReplyReader.Kind.QUERY, false), Disposition.FORWARD,
                    (r, e) -> statuses.add(r.reader.statusFlags())));
        }
        ByteBuf chunk = Unpooled.copiedBuffer(server);
        List<ByteBuf> out = new ArrayList<>();
        stream.feed(chunk, out::add);
        assertEquals(1, out.size(), "one buffer for the client: " + out);
        assertTrue(out.get(0) == chunk, "the chunk itself");
        assertEquals(1, chunk.refCnt());
        chunk.release();
        assertTrue(queue.idle());
        int inTrans = ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS;
        assertEquals(List.of(inTrans, ServerStatus.AUTOCOMMIT, inTrans), statuses);
    }

    @Test
    void multipleResultsAndStatusFlagsAreFollowed() {
        byte[] first = concat(packet(1, "01"), COLUMN_DEF, eof(3, ServerStatus.MORE_RESULTS_EXISTS),
                packet(4, "01 37"), eof(5, ServerStatus.MORE_RESULTS_EXISTS | ServerStatus.IN_TRANS));
        byte[] server = concat(first, ok(6, 0, 0, ServerStatus.IN_TRANS), ok(1, 0, 0, ServerStatus.AUTOCOMMIT));
        everyCut(server, (bytes, cut) -> {
            MySqlReplyQueue queue = new MySqlReplyQueue();
            MySqlReplyStream stream = new MySqlReplyStream(queue);
            List<Integer> statuses = new ArrayList<>();
            MySqlReplyQueue.Listener l = (r, e) -> statuses.add(r.reader.statusFlags());
            queue.expect(new PendingReply(new ReplyReader(ReplyReader.Kind.QUERY, false), Disposition.FORWARD, l));
            queue.expect(new PendingReply(new ReplyReader(ReplyReader.Kind.ONE, false), Disposition.FORWARD, l));
            feed(stream, bytes, cut);
            assertEquals(List.of(ServerStatus.IN_TRANS, ServerStatus.AUTOCOMMIT), statuses, "cut at " + cut);
        });
    }

    @Test
    void aDroppedPrepareReplyYieldsItsStatementId() {
        byte[] server = concat(packet(1, "00 2a 00 00 00 01 00 02 00 00 00 00"), COLUMN_DEF, COLUMN_DEF,
                eof(4, ServerStatus.AUTOCOMMIT), COLUMN_DEF, eof(6, ServerStatus.AUTOCOMMIT), ok(1, 0, 0, 2));
        everyCut(server, (bytes, cut) -> {
            MySqlReplyQueue queue = new MySqlReplyQueue();
            MySqlReplyStream stream = new MySqlReplyStream(queue);
            long[] id = {-1};
            queue.expect(new PendingReply(new ReplyReader(ReplyReader.Kind.PREPARE, false), Disposition.DROP,
                    (r, e) -> id[0] = r.reader.statementId()));
            queue.expect(new PendingReply(new ReplyReader(ReplyReader.Kind.ONE, false), Disposition.FORWARD, null));
            assertEquals(HEX.formatHex(ok(1, 0, 0, 2)), HEX.formatHex(feed(stream, bytes, cut)), "cut at " + cut);
            assertEquals(42, id[0]);
        });
    }

    /**
     * Rows are taken in runs without being shown to the queue one by one: a dropped result of many rows (short,
     * long, empty-string first column, and one whose first column is a long lenenc string starting 0xFC) followed
     * by a forwarded one, in both EOF styles. The client gets exactly the forwarded reply at every cut.
     */
    @Test
    void manyRowsOfADroppedResultGoAndTheNextReplyIsForwarded() {
        for (boolean deprecateEof : new boolean[] {false, true}) {
            List<byte[]> parts = new ArrayList<>(List.of(packet(1, "01"), COLUMN_DEF));
            int seq = 3;
            if (!deprecateEof) {
                parts.add(eof(seq++, ServerStatus.AUTOCOMMIT));
            }
            for (int row = 0; row < 60; row++) {
                String value = row % 7 == 0 ? "00" : row % 11 == 0 ? "fc 2c 01" + " 61".repeat(300)
                        : String.format("%02x", row % 50) + " 62".repeat(row % 50);
                parts.add(packet(seq++, value));
            }
            parts.add(deprecateEof ? packet(seq, "fe 00 00 02 00 00 00") : eof(seq, ServerStatus.AUTOCOMMIT));
            byte[] dropped = concat(parts.toArray(new byte[0][]));
            byte[] forwarded = concat(packet(1, "01"), COLUMN_DEF, deprecateEof ? new byte[0]
                    : eof(3, ServerStatus.AUTOCOMMIT), packet(deprecateEof ? 3 : 4, "01 37"),
                    deprecateEof ? packet(4, "fe 00 00 22 00 00 00") : eof(5, ServerStatus.AUTOCOMMIT | 0x20));
            byte[] server = concat(dropped, forwarded);
            everyCut(server, (bytes, cut) -> {
                MySqlReplyQueue queue = new MySqlReplyQueue();
                MySqlReplyStream stream = new MySqlReplyStream(queue);
                List<Integer> statuses = new ArrayList<>();
                MySqlReplyQueue.Listener l = (r, e) -> statuses.add(r.reader.statusFlags());
                queue.expect(new PendingReply(new ReplyReader(ReplyReader.Kind.QUERY, deprecateEof),
                        Disposition.DROP, l));
                queue.expect(new PendingReply(new ReplyReader(ReplyReader.Kind.QUERY, deprecateEof),
                        Disposition.FORWARD, l));
                assertEquals(HEX.formatHex(forwarded), HEX.formatHex(feed(stream, bytes, cut)), "cut at " + cut);
                assertTrue(queue.idle(), "both replies recognised, cut at " + cut);
                assertEquals(List.of(ServerStatus.AUTOCOMMIT, ServerStatus.AUTOCOMMIT | 0x20), statuses,
                        "cut at " + cut);
            });
        }
    }

    /** A fake server link: records the commands of an exchange, nothing else. */
    private static final class Link implements PlannedExchange.Link {
        final MySqlReplyQueue queue;
        final List<String> sent = new ArrayList<>();
        boolean finished;

        Link(MySqlReplyQueue queue) {
            this.queue = queue;
        }

        @Override
        public ByteBuf query(String sql) {
            return PlannedExchange.queryPayload(Unpooled.buffer(), sql);
        }

        @Override
        public ByteBuf buffer(int capacity) {
            return Unpooled.buffer(capacity);
        }

        @Override
        public void send(ByteBuf payload, PendingReply reply) {
            sent.add(payload.toString(1, payload.readableBytes() - 1, StandardCharsets.UTF_8));
            payload.release();
            queue.expect(reply);
        }

        @Override
        public boolean deprecateEof() {
            return false;
        }

        @Override
        public void finished(PlannedExchange exchange) {
            finished = true;
        }
    }

    private static final StatementPlan PLAN = new StatementPlan(List.of(new PlannedSql("INSERT v", 0, true),
            new PlannedSql("INSERT h", 0, false)), "m", Shape.OLD, true);

    private static Link exchange(MySqlReplyQueue queue, PlannedExchange.Wrap wrap) {
        Link link = new Link(queue);
        new PlannedExchange(List.of(PlannedExchange.Step.query("INSERT v", true),
                PlannedExchange.Step.query("INSERT h", false)), wrap, PLAN, StatementPlanner.PASS_THROUGH, queue, link)
                .start();
        return link;
    }

    @Test
    void theClientSeesItsOwnOkWithoutTheProxysTransaction() {
        int inTrans = ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS;
        byte[] server = concat(ok(1, 0, 0, inTrans), ok(1, 1, 10, inTrans), ok(1, 5, 0, inTrans),
                ok(1, 0, 0, ServerStatus.AUTOCOMMIT));
        everyCut(server, (bytes, cut) -> {
            MySqlReplyQueue queue = new MySqlReplyQueue();
            MySqlReplyStream stream = new MySqlReplyStream(queue);
            Link link = exchange(queue, PlannedExchange.Wrap.TRANSACTION);
            byte[] client = feed(stream, bytes, cut);
            assertEquals(HEX.formatHex(ok(1, 1, 10, ServerStatus.AUTOCOMMIT)), HEX.formatHex(client),
                    "affected rows 1 and insert id 10 of the visible statement, cut at " + cut);
            assertEquals(List.of("START TRANSACTION", "INSERT v", "INSERT h", "COMMIT"), link.sent);
            assertTrue(link.finished && queue.idle());
        });
    }

    @Test
    void aFailingHiddenStatementIsTheClientsErrorAndRollsBack() {
        int inTrans = ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS;
        byte[] server = concat(ok(1, 0, 0, inTrans), ok(1, 1, 10, inTrans), ERR, ok(1, 0, 0, ServerStatus.AUTOCOMMIT));
        everyCut(server, (bytes, cut) -> {
            MySqlReplyQueue queue = new MySqlReplyQueue();
            MySqlReplyStream stream = new MySqlReplyStream(queue);
            Link link = exchange(queue, PlannedExchange.Wrap.TRANSACTION);
            assertEquals(HEX.formatHex(ERR), HEX.formatHex(feed(stream, bytes, cut)), "cut at " + cut);
            assertEquals(List.of("START TRANSACTION", "INSERT v", "INSERT h", "ROLLBACK"), link.sent);
        });
    }

    @Test
    void aFailingVisibleStatementStopsTheExchangeAndRollsBackToTheSavepoint() {
        byte[] visibleErr = concat(packet(1, "01"), COLUMN_DEF, eof(3, 1), packet(4, "01 37"),
                packet(5, "ff 26 0f 23 32 33 30 30 30 78"));
        byte[] server = concat(ok(1, 0, 0, 1), visibleErr, ok(1, 0, 0, 1));
        everyCut(server, (bytes, cut) -> {
            MySqlReplyQueue queue = new MySqlReplyQueue();
            MySqlReplyStream stream = new MySqlReplyStream(queue);
            Link link = exchange(queue, PlannedExchange.Wrap.SAVEPOINT);
            assertEquals(HEX.formatHex(visibleErr), HEX.formatHex(feed(stream, bytes, cut)),
                    "the client's own reply, as the server sent it, cut at " + cut);
            assertEquals(List.of("SAVEPOINT turnout_sp", "INSERT v", "ROLLBACK TO SAVEPOINT turnout_sp"), link.sent);
        });
    }
}
