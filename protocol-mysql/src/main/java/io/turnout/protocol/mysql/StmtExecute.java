package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * COM_STMT_EXECUTE, with its parameters split but not interpreted; or read in place ({@link #boundTypes},
 * {@link #valueOf}, {@link #retarget}) when only one value is wanted or the values go on unchanged. Nothing here
 * moves the payload's reader index.
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
        int base = payload.readerIndex();
        if (payload.isReadable() && payload.getUnsignedByte(base) != COMMAND) {
            throw new MySqlProtocolException("not a COM_STMT_EXECUTE");
        }
        if (payload.readableBytes() < 10) {
            throw new MySqlProtocolException("COM_STMT_EXECUTE shorter than its header");
        }
        long id = payload.getUnsignedIntLE(base + 1);
        int flags = payload.getUnsignedByte(base + 5);
        long iterations = payload.getUnsignedIntLE(base + 6);
        if (parameterCount == 0) {
            return new StmtExecute(id, flags, iterations, new byte[0], List.of(), false);
        }
        byte[] bound = boundTypes(payload, parameterCount);
        byte[] types = typesFor(bound, parameterCount, previousTypes);
        List<byte[]> values = new ArrayList<>(parameterCount);
        int at = valuesStart(payload, parameterCount);
        for (int i = 0; i < parameterCount; i++) {
            if (isNull(payload, i)) {
                values.add(null);
                continue;
            }
            int n = valueLength(payload, at, types[2 * i] & 0xFF);
            byte[] v = new byte[n];
            payload.getBytes(at, v);
            values.add(v);
            at += n;
        }
        return new StmtExecute(id, flags, iterations, types, values, bound != null);
    }

    // ---- read in place: what routing needs of most executions, without splitting every value -------------------

    /**
     * The types this packet binds (2 bytes per parameter), or null when its new-params-bound flag is 0 (or the
     * statement has no parameters).
     *
     * @throws MySqlProtocolException when the packet ends before its flag or its types
     */
    public static byte[] boundTypes(ByteBuf payload, int parameterCount) {
        if (parameterCount == 0) {
            return null;
        }
        int flag = payload.readerIndex() + boundFlagOffset(parameterCount);
        if (flag >= payload.writerIndex()) {
            throw new MySqlProtocolException("COM_STMT_EXECUTE ends before its parameters");
        }
        if (payload.getByte(flag) != 1) {
            return null;
        }
        if (payload.writerIndex() - flag - 1 < 2 * parameterCount) {
            throw new MySqlProtocolException("COM_STMT_EXECUTE ends inside its parameter types");
        }
        byte[] types = new byte[2 * parameterCount];
        payload.getBytes(flag + 1, types);
        return types;
    }

    /**
     * Whether the packet's new-params-bound flag is set, or the packet ends before the flag (a reader then finds out
     * what is wrong); without allocating.
     */
    public static boolean mayBindTypes(ByteBuf payload, int parameterCount) {
        if (parameterCount == 0) {
            return false;
        }
        int flag = payload.readerIndex() + boundFlagOffset(parameterCount);
        return flag >= payload.writerIndex() || payload.getByte(flag) != 0;
    }

    /**
     * The value bytes of parameter {@code index} (0-based) as sent, null when it is NULL; the others are skipped
     * by their lengths, not copied.
     *
     * @param types this execution's types: those the packet binds, else the previous execution's
     * @throws MySqlProtocolException when the packet ends inside the values it walks
     */
    public static byte[] valueOf(ByteBuf payload, int parameterCount, byte[] types, int index) {
        if (index < 0 || index >= parameterCount || types == null || types.length != 2 * parameterCount) {
            throw new IllegalArgumentException("parameter " + index + " of " + parameterCount);
        }
        int at = valuesStart(payload, parameterCount); // checks that the NULL bitmap is there
        if (isNull(payload, index)) {
            return null;
        }
        for (int i = 0; i < index; i++) {
            if (!isNull(payload, i)) {
                at += valueLength(payload, at, types[2 * i] & 0xFF);
            }
        }
        byte[] v = new byte[valueLength(payload, at, types[2 * index] & 0xFF)];
        payload.getBytes(at, v);
        return v;
    }

    /**
     * Writes the same execution for statement {@code otherStatementId}, which takes this one's parameters in the
     * same order: the header, NULL bitmap and value bytes are copied, and the types are always sent (a statement
     * the proxy prepared has never seen the client's). What {@code decode(...).forStatement(id, flags, null)
     * .encode(out)} writes, without splitting the values.
     */
    public static void retarget(ByteBuf payload, int parameterCount, byte[] types, long otherStatementId,
                                ByteBuf out) {
        int base = payload.readerIndex();
        if (payload.readableBytes() < 10) {
            throw new MySqlProtocolException("COM_STMT_EXECUTE shorter than its header");
        }
        out.writeByte(COMMAND).writeIntLE((int) otherStatementId).writeBytes(payload, base + 5, 5);
        if (parameterCount == 0) {
            return;
        }
        int values = valuesStart(payload, parameterCount);
        if (values > payload.writerIndex()) {
            throw new MySqlProtocolException("COM_STMT_EXECUTE ends inside its parameter types");
        }
        out.writeBytes(payload, base + 10, (parameterCount + 7) / 8).writeByte(1);
        int flag = base + boundFlagOffset(parameterCount);
        if (payload.getByte(flag) == 1) {
            out.writeBytes(payload, flag + 1, 2 * parameterCount); // the packet's own types, copied
        } else {
            out.writeBytes(typesFor(null, parameterCount, types));
        }
        out.writeBytes(payload, values, payload.writerIndex() - values);
    }

    private static int boundFlagOffset(int parameterCount) {
        return 10 + (parameterCount + 7) / 8; // command, id, flags, iterations, NULL bitmap
    }

    private static byte[] typesFor(byte[] bound, int parameterCount, byte[] previousTypes) {
        if (bound != null) {
            return bound;
        }
        if (previousTypes != null && previousTypes.length == 2 * parameterCount) {
            return previousTypes;
        }
        throw new MySqlProtocolException("COM_STMT_EXECUTE without parameter types for a statement whose types "
                + "are not known");
    }

    /** Where the values start: after the flag, and after the types when the packet binds them. */
    private static int valuesStart(ByteBuf payload, int parameterCount) {
        int flag = payload.readerIndex() + boundFlagOffset(parameterCount);
        if (flag >= payload.writerIndex()) {
            throw new MySqlProtocolException("COM_STMT_EXECUTE ends before its parameters");
        }
        return flag + 1 + (payload.getByte(flag) == 1 ? 2 * parameterCount : 0);
    }

    private static boolean isNull(ByteBuf payload, int index) {
        return (payload.getByte(payload.readerIndex() + 10 + index / 8) & (1 << (index % 8))) != 0;
    }

    /** The byte length of the binary value of {@code type} starting at {@code at}, checked against the packet. */
    private static int valueLength(ByteBuf payload, int at, int type) {
        int n = switch (type) {
            case 0x06 -> 0;                               // NULL
            case 0x01 -> 1;                               // TINY
            case 0x02, 0x0D -> 2;                         // SHORT, YEAR
            case 0x03, 0x09, 0x04 -> 4;                   // LONG, INT24, FLOAT
            case 0x08, 0x05 -> 8;                         // LONGLONG, DOUBLE
            case 0x07, 0x0A, 0x0C, 0x0B -> 1 + need(payload, 1, at); // TIMESTAMP, DATE, DATETIME, TIME
            default -> lenencTotal(payload, at);          // strings, decimals, blobs, JSON ...
        };
        if (payload.writerIndex() - at < n) {
            throw new MySqlProtocolException("COM_STMT_EXECUTE ends inside a parameter value");
        }
        return n;
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
