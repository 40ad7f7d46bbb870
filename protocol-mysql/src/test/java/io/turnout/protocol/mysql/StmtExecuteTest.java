package io.turnout.protocol.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
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
    void statusFlagsAreFoundInOkAndEofPackets() {
        ByteBuf ok = Hex.buf("00 fc e8 03 07 03 00 00 00"); // affected 1000, insert id 7, IN_TRANS|AUTOCOMMIT
        assertEquals(ServerStatus.IN_TRANS | ServerStatus.AUTOCOMMIT,
                ServerStatus.at(ok, ServerStatus.offsetInOk(ok)));
        ByteBuf eof = Hex.buf("fe 00 00 08 00"); // MORE_RESULTS_EXISTS
        assertEquals(ServerStatus.MORE_RESULTS_EXISTS, ServerStatus.at(eof, ServerStatus.offsetInEof(eof)));
        assertEquals(-1, ServerStatus.offsetInOk(Hex.buf("00 fe")));
    }
}
