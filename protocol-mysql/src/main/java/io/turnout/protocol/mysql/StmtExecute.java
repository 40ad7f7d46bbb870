package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * COM_STMT_EXECUTE, with its parameters split but not interpreted.
 *
 * <pre>
 * int&lt;1&gt;   0x17
 * int&lt;4&gt;   statement id
 * int&lt;1&gt;   flags (cursor type)
 * int&lt;4&gt;   iteration count (always 1)
 * when the statement has parameters:
 *   NULL bitmap, (n + 7) / 8 bytes, bit i set = parameter i is NULL
 *   int&lt;1&gt; new-params-bound flag; when 1: n x (int&lt;1&gt; type, int&lt;1&gt; flags, 0x80 = unsigned)
 *   the binary value of each non-NULL parameter, by type
 * </pre>
 *
 * When the flag is 0 the types are those of the statement's previous execution, which the caller passes in.
 *
 * @param types          2 bytes per parameter (type, flags)
 * @param values         each parameter's value bytes as sent, null for NULL
 * @param newParamsBound whether the packet carried the types
 */
public record StmtExecute(long statementId, int flags, long iterations, byte[] types, List<byte[]> values,
                          boolean newParamsBound) {

    public static final int COMMAND = 0x17;

    /** The statement id of a COM_STMT_EXECUTE (or CLOSE, RESET, SEND_LONG_DATA) payload, without decoding it. */
    public static long statementIdOf(ByteBuf payload) {
        return payload.getUnsignedIntLE(payload.readerIndex() + 1);
    }

    /**
     * @param parameterCount the statement's parameter count (from its PREPARE_OK)
     * @param previousTypes  the types of the previous execution, or null if none
     * @throws MySqlProtocolException when the packet does not carry types and none are known
     */
    public static StmtExecute decode(ByteBuf payload, int parameterCount, byte[] previousTypes) {
        PayloadReader r = new PayloadReader(payload);
        if (r.readInt1() != COMMAND) {
            throw new MySqlProtocolException("not a COM_STMT_EXECUTE");
        }
        long id = r.readInt4();
        int flags = r.readInt1();
        long iterations = r.readInt4();
        if (parameterCount == 0) {
            return new StmtExecute(id, flags, iterations, new byte[0], List.of(), false);
        }
        byte[] nulls = r.readBytes((parameterCount + 7) / 8);
        boolean bound = r.readInt1() == 1;
        byte[] types;
        if (bound) {
            types = r.readBytes(2 * parameterCount);
        } else if (previousTypes != null && previousTypes.length == 2 * parameterCount) {
            types = previousTypes;
        } else {
            throw new MySqlProtocolException("COM_STMT_EXECUTE without parameter types for a statement whose types "
                    + "are not known");
        }
        List<byte[]> values = new ArrayList<>(parameterCount);
        for (int i = 0; i < parameterCount; i++) {
            boolean isNull = (nulls[i / 8] & (1 << (i % 8))) != 0;
            values.add(isNull ? null : r.readBytes(valueLength(payload, types[2 * i] & 0xFF)));
        }
        return new StmtExecute(id, flags, iterations, types, values, bound);
    }

    /** The byte length of the binary value of {@code type} starting at the payload's reader index. */
    private static int valueLength(ByteBuf payload, int type) {
        int i = payload.readerIndex();
        return switch (type) {
            case 0x06 -> 0;                               // NULL
            case 0x01 -> 1;                               // TINY
            case 0x02, 0x0D -> 2;                         // SHORT, YEAR
            case 0x03, 0x09, 0x04 -> 4;                   // LONG, INT24, FLOAT
            case 0x08, 0x05 -> 8;                         // LONGLONG, DOUBLE
            case 0x07, 0x0A, 0x0C, 0x0B -> 1 + need(payload, 1, i); // TIMESTAMP, DATE, DATETIME, TIME
            default -> lenencTotal(payload, i);          // strings, decimals, blobs, JSON ...
        };
    }

    private static int need(ByteBuf payload, int n, int at) {
        if (payload.writerIndex() - at < n) {
            throw new MySqlProtocolException("COM_STMT_EXECUTE ends inside a parameter value");
        }
        return payload.getUnsignedByte(at);
    }

    private static int lenencTotal(ByteBuf payload, int at) {
        int first = need(payload, 1, at);
        long n;
        int head;
        switch (first) {
            case 0xFC -> {
                need(payload, 3, at);
                n = payload.getUnsignedShortLE(at + 1);
                head = 3;
            }
            case 0xFD -> {
                need(payload, 4, at);
                n = payload.getUnsignedMediumLE(at + 1);
                head = 4;
            }
            case 0xFE -> {
                need(payload, 9, at);
                n = payload.getLongLE(at + 1);
                head = 9;
            }
            default -> {
                n = first;
                head = 1;
            }
        }
        if (n < 0 || n > Integer.MAX_VALUE - head) {
            throw new MySqlProtocolException("parameter value too long: " + n);
        }
        return head + (int) n;
    }

    /**
     * The execution of another statement with some of these parameters: {@code params} are 1-based numbers of this
     * execution's parameters, in the order the other statement's placeholders take them (null = all, unchanged).
     */
    public StmtExecute forStatement(long otherStatementId, int otherFlags, List<Integer> params) {
        if (params == null) {
            return new StmtExecute(otherStatementId, otherFlags, iterations, types, values, true);
        }
        byte[] t = new byte[2 * params.size()];
        List<byte[]> v = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            int p = params.get(i) - 1;
            t[2 * i] = types[2 * p];
            t[2 * i + 1] = types[2 * p + 1];
            v.add(values.get(p));
        }
        return new StmtExecute(otherStatementId, otherFlags, iterations, t, v, true);
    }

    /** Encodes with the new-params-bound flag set whenever there are parameters (types always sent). */
    public void encode(ByteBuf out) {
        PayloadWriter w = new PayloadWriter(out).writeInt1(COMMAND).writeInt4(statementId).writeInt1(flags)
                .writeInt4(iterations);
        int n = values.size();
        if (n == 0) {
            return;
        }
        byte[] nulls = new byte[(n + 7) / 8];
        for (int i = 0; i < n; i++) {
            if (values.get(i) == null) {
                nulls[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        w.writeBytes(nulls).writeInt1(1).writeBytes(types);
        for (byte[] v : values) {
            if (v != null) {
                w.writeBytes(v);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StmtExecute e && statementId == e.statementId && flags == e.flags
                && iterations == e.iterations && Arrays.equals(types, e.types) && newParamsBound == e.newParamsBound
                && values.size() == e.values.size() && sameValues(e.values);
    }

    private boolean sameValues(List<byte[]> other) {
        for (int i = 0; i < values.size(); i++) {
            if (!Arrays.equals(values.get(i), other.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(statementId) * 31 + Arrays.hashCode(types);
    }
}
