package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.turnout.proxy.route.PlannedSql;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.routing.model.Shape;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PgBackendStreamTest {

    private static byte[] frame(char type, byte[] payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(type).writeInt(payload.length + 4).writeBytes(payload);
        byte[] out = ByteBufUtil.getBytes(b);
        b.release();
        return out;
    }

    private static byte[] tag(String t) {
        return (t + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[] ROW_DESC = frame('T', new byte[] {0, 1, 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 25, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0});
    private static final byte[] DATA_ROW = frame('D', new byte[] {0, 1, 0, 0, 0, 1, '7'});
    private static final byte[] SELECT_1 = frame('C', tag("SELECT 1"));
    private static final byte[] INSERT_V = frame('C', tag("INSERT 0 1"));
    private static final byte[] INSERT_H = frame('C', tag("INSERT 0 5"));
    private static final byte[] ERROR = frame('E', "SERROR\0C23505\0Mduplicate\0\0".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] NOTICE = frame('N', "SNOTICE\0C00000\0Mhi\0\0".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] READY_T = frame('Z', new byte[] {'T'});
    private static final byte[] READY_I = frame('Z', new byte[] {'I'});

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    private static StatementPlan dualWrite() {
        return new StatementPlan(List.of(new PlannedSql("INSERT INTO orders ...", 0, true),
                new PlannedSql("INSERT INTO orders_v2 ...", 0, false)), "m3", Shape.OLD, true);
    }

    /** Feeds {@code server} in chunks cut at random places (and one byte at a time) and returns what the client got. */
    private static byte[] run(byte[] server, Random random, int maxChunk, java.util.function.Consumer<PgReplyQueue> setup,
                              byte[] expectedStatus) {
        PgReplyQueue queue = new PgReplyQueue(io.turnout.proxy.route.StatementPlanner.PASS_THROUGH);
        setup.accept(queue);
        PgBackendStream stream = new PgBackendStream(queue);
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        int i = 0;
        while (i < server.length) {
            int n = Math.min(server.length - i, 1 + random.nextInt(maxChunk));
            stream.feed(Unpooled.copiedBuffer(server, i, n), b -> {
                client.writeBytes(ByteBufUtil.getBytes(b));
                b.release();
            });
            i += n;
        }
        assertEquals(0, queue.size(), "every group answered");
        if (expectedStatus != null) {
            assertEquals(expectedStatus[0], stream.transactionStatus());
        }
        stream.close();
        return client.toByteArray();
    }

    private static void check(byte[] server, byte[] expected, java.util.function.Consumer<PgReplyQueue> setup,
                              byte[] status) {
        Random random = new Random(42);
        for (int maxChunk : new int[] {1, 2, 3, 7, 64, 10_000}) {
            for (int round = 0; round < 20; round++) {
                assertEquals(ByteBufUtil.hexDump(expected),
                        ByteBufUtil.hexDump(run(server, random, maxChunk, setup, status)), "max chunk " + maxChunk);
            }
        }
    }

    @Test
    void passThroughGroupsForwardEveryByte() {
        byte[] server = concat(ROW_DESC, DATA_ROW, SELECT_1, READY_I, NOTICE, SELECT_1, READY_T);
        check(server, server, q -> {
            q.expectPassThrough();
            q.expectPassThrough();
        }, new byte[] {'T'});
    }

    @Test
    void hiddenDualWriteRepliesAreRemoved() {
        byte[] server = concat(INSERT_V, NOTICE, INSERT_H, READY_T);
        check(server, concat(NOTICE, INSERT_V, READY_T), q -> q.expectPlan(dualWrite()), new byte[] {'T'});
    }

    @Test
    void aFailingHiddenStatementShowsTheClientOnlyTheError() {
        byte[] server = concat(INSERT_V, ERROR, READY_I);
        check(server, concat(ERROR, READY_I), q -> q.expectPlan(dualWrite()), new byte[] {'I'});
    }

    @Test
    void pipelinedPassThroughAndPlannedGroupsStayInOrder() {
        byte[] server = concat(ROW_DESC, DATA_ROW, SELECT_1, READY_I, INSERT_V, INSERT_H, READY_I, ROW_DESC,
                DATA_ROW, SELECT_1, READY_I);
        byte[] expected = concat(ROW_DESC, DATA_ROW, SELECT_1, READY_I, INSERT_V, READY_I, ROW_DESC, DATA_ROW,
                SELECT_1, READY_I);
        check(server, expected, q -> {
            q.expectPassThrough();
            q.expectPlan(dualWrite());
            q.expectPassThrough();
        }, null);
    }

    @Test
    void twoClientStatementsReleaseSeparately() {
        StatementPlan plan = new StatementPlan(List.of(new PlannedSql("a", 0, true), new PlannedSql("a2", 0, false),
                new PlannedSql("b", 1, true), new PlannedSql("b2", 1, false)), "m3", Shape.OLD, true);
        byte[] server = concat(INSERT_V, INSERT_H, INSERT_V, ERROR, READY_I);
        check(server, concat(INSERT_V, ERROR, READY_I), q -> q.expectPlan(plan), null);
    }

    @Test
    void aForwardedExtendedReplyReadInOneChunkLeavesAsThatOneBuffer() {
        PgReplyQueue queue = new PgReplyQueue(io.turnout.proxy.route.StatementPlanner.PASS_THROUGH);
        ExtendedGroup group = queue.openExtended();
        StatementPlan read = new StatementPlan(List.of(new PlannedSql("SELECT b AS a FROM t WHERE k = $1", 0, true)),
                "m1", Shape.NEW, false);
        group.expect(ExtendedGroup.Expectation.visible(ExtendedGroup.Kind.BIND));
        group.expect(new ExtendedGroup.Expectation(ExtendedGroup.Kind.EXECUTE, true, false, false, read, null));
        group.expect(ExtendedGroup.Expectation.visible(ExtendedGroup.Kind.SYNC));
        byte[] server = concat(frame('2', new byte[0]), DATA_ROW, SELECT_1, READY_I);
        List<byte[]> buffers = new java.util.ArrayList<>();
        new PgBackendStream(queue).feed(Unpooled.copiedBuffer(server), b -> {
            buffers.add(ByteBufUtil.getBytes(b));
            b.release();
        });
        assertEquals(1, buffers.size(), "one write for the client, not one per decision");
        assertEquals(ByteBufUtil.hexDump(server), ByteBufUtil.hexDump(buffers.get(0)));
        assertEquals(0, queue.size());
    }
}
