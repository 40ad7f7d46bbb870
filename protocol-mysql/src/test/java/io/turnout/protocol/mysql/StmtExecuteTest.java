package io.turnout.protocol.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** COM_STMT_EXECUTE against byte literals: split, re-mapped for another statement, re-encoded. */
class StmtExecuteTest {

    private static final String THREE_PARAMS = """
            17            // COM_STMT_EXECUTE
            07 00 00 00   // statement id 7
            00            // flags: no cursor
            01 00 00 00   // iteration count 1
            02            // NULL bitmap: parameter 2 is NULL
            01            // new-params-bound
            08 00         // 1: LONGLONG
            06 00         // 2: NULL
            fd 00         // 3: VAR_STRING
            2a 00 00 00 00 00 00 00   // 1 = 42
            03 61 62 63   // 3 = 'abc'
            """;

    @Test
    void splitsAndReEncodesByteExactly() {
        StmtExecute e = StmtExecute.decode(Hex.buf(THREE_PARAMS), 3, null);
        assertEquals(7, e.statementId());
        assertTrue(e.newParamsBound());
        assertArrayEquals(Hex.bytes("2a 00 00 00 00 00 00 00"), e.values().get(0));
        assertNull(e.values().get(1));
        assertArrayEquals(Hex.bytes("03 61 62 63"), e.values().get(2));
        ByteBuf out = Unpooled.buffer();
        e.encode(out);
        Hex.assertBytes(Hex.bytes(THREE_PARAMS), out);
    }

    @Test
    void typesOmittedAreThoseOfThePreviousExecution() {
        String again = """
                17 07 00 00 00 00 01 00 00 00
                00            // nothing NULL
                00            // types not sent
                01 00 00 00 00 00 00 00   // 1 = 1
                00            // 2 = '' (VAR_STRING, the previous execution's type)
                01 7a         // 3 = 'z'
                """;
        byte[] previous = Hex.bytes("08 00 fd 00 fd 00");
        StmtExecute e = StmtExecute.decode(Hex.buf(again), 3, previous);
        assertFalse(e.newParamsBound());
        assertArrayEquals(previous, e.types());
        assertArrayEquals(Hex.bytes("01 7a"), e.values().get(2));
        assertThrows(MySqlProtocolException.class, () -> StmtExecute.decode(Hex.buf(again), 3, null));
    }

    @Test
    void forAnotherStatementTakesTheNamedParametersAndAlwaysSendsTypes() {
        StmtExecute e = StmtExecute.decode(Hex.buf(THREE_PARAMS), 3, null);
        ByteBuf out = Unpooled.buffer();
        e.forStatement(9, 0, List.of(3, 1, 3)).encode(out);
        Hex.assertBytes(Hex.bytes("""
                17 09 00 00 00 00 01 00 00 00
                00                  // nothing NULL
                01                  // types sent
                fd 00 08 00 fd 00   // VAR_STRING, LONGLONG, VAR_STRING
                03 61 62 63  2a 00 00 00 00 00 00 00  03 61 62 63
                """), out);
    }

    @Test
    void aStatementWithoutParametersIsTheHeaderAlone() {
        String none = "17 01 00 00 00 00 01 00 00 00";
        StmtExecute e = StmtExecute.decode(Hex.buf(none), 0, null);
        ByteBuf out = Unpooled.buffer();
        e.forStatement(1, 0, null).encode(out);
        Hex.assertBytes(Hex.bytes(none), out);
    }

    @Test
    void oneValueIsReadInPlaceAndTheOthersAreSkipped() {
        ByteBuf payload = Hex.buf(THREE_PARAMS);
        byte[] types = StmtExecute.boundTypes(payload, 3);
        assertArrayEquals(Hex.bytes("08 00 06 00 fd 00"), types);
        assertArrayEquals(Hex.bytes("2a 00 00 00 00 00 00 00"), StmtExecute.valueOf(payload, 3, types, 0));
        assertNull(StmtExecute.valueOf(payload, 3, types, 1));
        assertArrayEquals(Hex.bytes("03 61 62 63"), StmtExecute.valueOf(payload, 3, types, 2));
        assertEquals(0, payload.readerIndex());

        ByteBuf again = Hex.buf("""
                17 07 00 00 00 00 01 00 00 00
                00 00                     // nothing NULL, types not sent
                01 00 00 00 00 00 00 00   // 1 = 1
                fc 02 00 78 79            // 2 = 'xy' (a 3-byte length)
                01 7a                     // 3 = 'z'
                """);
        assertNull(StmtExecute.boundTypes(again, 3));
        assertTrue(StmtExecute.mayBindTypes(payload, 3));
        assertFalse(StmtExecute.mayBindTypes(again, 3));
        assertTrue(StmtExecute.mayBindTypes(again.slice(0, 11), 3), "ends before the flag");
        assertFalse(StmtExecute.mayBindTypes(again, 0));
        byte[] previous = Hex.bytes("08 00 fd 00 fd 00");
        assertArrayEquals(Hex.bytes("fc 02 00 78 79"), StmtExecute.valueOf(again, 3, previous, 1));
        assertArrayEquals(Hex.bytes("01 7a"), StmtExecute.valueOf(again, 3, previous, 2));
    }

    @Test
    void retargetWritesWhatTheDecodedFormWouldAndAddsTypes() {
        for (String packet : List.of(THREE_PARAMS, """
                17 07 00 00 00 80 01 00 00 00   // flags 0x80 kept
                00 00 01 00 00 00 00 00 00 00 00 01 7a
                """)) {
            byte[] previous = Hex.bytes("08 00 fd 00 fd 00");
            ByteBuf expected = Unpooled.buffer();
            StmtExecute e = StmtExecute.decode(Hex.buf(packet), 3, previous);
            e.forStatement(11, e.flags(), null).encode(expected);
            ByteBuf out = Unpooled.buffer();
            StmtExecute.retarget(Hex.buf(packet), 3, previous, 11, out);
            assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(out));
        }
        ByteBuf none = Unpooled.buffer();
        StmtExecute.retarget(Hex.buf("17 01 00 00 00 00 01 00 00 00"), 0, null, 5, none);
        Hex.assertBytes(Hex.bytes("17 05 00 00 00 00 01 00 00 00"), none);
    }

    @Test
    void readingInPlaceAgreesWithDecodingForRandomExecutions() {
        Random random = new Random(17);
        int[] kinds = {0x01, 0x02, 0x03, 0x08, 0x05, 0x0A, 0x0C, 0xFD, 0xFC, 0x06};
        for (int round = 0; round < 500; round++) {
            int n = 1 + random.nextInt(12);
            byte[] types = new byte[2 * n];
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int type = kinds[random.nextInt(kinds.length)];
                types[2 * i] = (byte) type;
                values.add(random.nextInt(5) == 0 || type == 0x06 ? null : randomValue(random, type));
            }
            ByteBuf payload = Unpooled.buffer();
            new StmtExecute(3, 0, 1, types, values, true).encode(payload);
            StmtExecute decoded = StmtExecute.decode(payload, n, null);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(decoded.values().get(i), StmtExecute.valueOf(payload, n, types, i), "round "
                        + round + " parameter " + i);
            }
            ByteBuf expected = Unpooled.buffer();
            decoded.forStatement(4, 0, null).encode(expected);
            ByteBuf out = Unpooled.buffer();
            StmtExecute.retarget(payload, n, types, 4, out);
            assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(out), "round " + round);
            ByteBuf cut = payload.slice(0, random.nextInt(payload.readableBytes()));
            assertThrows(MySqlProtocolException.class, () -> {
                StmtExecute.boundTypes(cut, n);
                StmtExecute.valueOf(cut, n, types, n - 1);
                StmtExecute.decode(cut, n, types); // one of them must see the cut
            }, "round " + round);
        }
    }

    /** A binary value of {@code type} as the protocol lays it out (dates: a length byte, strings: lenenc). */
    private static byte[] randomValue(Random random, int type) {
        int length = switch (type) {
            case 0x01 -> 1;
            case 0x02 -> 2;
            case 0x03 -> 4;
            case 0x08, 0x05 -> 8;
            default -> -1;
        };
        if (length > 0) {
            byte[] v = new byte[length];
            random.nextBytes(v);
            return v;
        }
        if (type == 0x0A || type == 0x0C) {
            int n = new int[] {0, 4, 7, 11}[random.nextInt(4)];
            byte[] v = new byte[1 + n];
            random.nextBytes(v);
            v[0] = (byte) n;
            return v;
        }
        int n = random.nextInt(4) == 0 ? 251 + random.nextInt(300) : random.nextInt(40);
        byte[] text = new byte[n];
        random.nextBytes(text);
        ByteBuf b = Unpooled.buffer();
        new PayloadWriter(b).writeBytesLenenc(text);
        return ByteBufUtil.getBytes(b);
    }

    @Test
    void statusFlagsAreFoundInOkAndEofPackets() {
        ByteBuf ok = Hex.buf("00 fc e8 03 07 03 00 00 00"); // affected 1000, insert id 7, IN_TRANS|AUTOCOMMIT
        assertEquals(ServerStatus.IN_TRANS | ServerStatus.AUTOCOMMIT,
                ServerStatus.at(ok, ServerStatus.offsetInOk(ok)));
        ByteBuf eof = Hex.buf("fe 00 00 08 00"); // MORE_RESULTS_EXISTS
        assertEquals(ServerStatus.MORE_RESULTS_EXISTS, ServerStatus.at(eof, ServerStatus.offsetInEof(eof)));
        assertEquals(-1, ServerStatus.offsetInOk(Hex.buf("00 fe")));
    }
}
