package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.mysql.MySqlProtocolException;
import io.turnout.protocol.mysql.StmtExecute;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The parameter values of a COM_STMT_EXECUTE as plain Java values, for compare mode. */
final class BinaryValues {
    private BinaryValues() {}

    /** Numbers, strings and nulls; null when a parameter has a type compare mode does not carry (dates, blobs). */
    static List<Object> of(StmtExecute exec) {
        List<Object> out = new ArrayList<>(exec.values().size());
        for (int i = 0; i < exec.values().size(); i++) {
            Object value = value(exec, i);
            if (value == Unsupported.VALUE) {
                return null;
            }
            out.add(value);
        }
        return out;
    }

    /** One value by its 1-based number, for the read's sticky key; null when absent, NULL or not decoded. */
    static Object parameter(StmtExecute exec, int number) {
        if (number < 1 || number > exec.values().size()) {
            return null;
        }
        Object value = value(exec, number - 1);
        return value == Unsupported.VALUE ? null : value;
    }

    /**
     * One value by its 1-based number, read in place from a COM_STMT_EXECUTE payload ({@link StmtExecute#valueOf});
     * null as {@link #parameter(StmtExecute, int)}, and also when the packet is too short to hold it (the server
     * judges the packet; the read then has no key of its own).
     */
    static Object parameter(ByteBuf payload, int count, byte[] types, int number) {
        if (number < 1 || number > count) {
            return null;
        }
        byte[] v;
        try {
            v = StmtExecute.valueOf(payload, count, types, number - 1);
        } catch (MySqlProtocolException e) {
            return null;
        }
        Object value = value(v, types, number - 1);
        return value == Unsupported.VALUE ? null : value;
    }

    private static Object value(StmtExecute exec, int i) {
        return value(exec.values().get(i), exec.types(), i);
    }

    private static Object value(byte[] v, byte[] types, int i) {
        int type = types[2 * i] & 0xFF;
        boolean unsigned = (types[2 * i + 1] & 0x80) != 0;
        if (v == null || type == 0x06) {
            return null;
        }
        return switch (type) { // little-endian, read in place (no buffer per value)
            case 0x01 -> unsigned ? (long) (v[0] & 0xFF) : (long) v[0];
            case 0x02, 0x0D -> unsigned ? (long) (le(v, 2) & 0xFFFF) : (long) (short) le(v, 2);
            case 0x03, 0x09 -> unsigned ? le(v, 4) & 0xFFFFFFFFL : (long) (int) le(v, 4);
            case 0x08 -> le(v, 8);
            case 0x04 -> (double) Float.intBitsToFloat((int) le(v, 4));
            case 0x05 -> Double.longBitsToDouble(le(v, 8));
            case 0x0F, 0xFD, 0xFE, 0x00, 0xF6 -> lenencString(v); // VARCHAR, VAR_STRING, STRING, DECIMALs
            default -> Unsupported.VALUE;
        };
    }

    private enum Unsupported { VALUE }

    /** The first {@code n} bytes of {@code v} as a little-endian number (short values fail as the buffer did). */
    private static long le(byte[] v, int n) {
        if (v.length < n) {
            throw new IndexOutOfBoundsException("a " + n + "-byte value in " + v.length + " byte(s)");
        }
        long x = 0;
        for (int i = n - 1; i >= 0; i--) {
            x = (x << 8) | (v[i] & 0xFF);
        }
        return x;
    }

    private static String lenencString(byte[] v) {
        int first = v[0] & 0xFF;
        int head = switch (first) {
            case 0xFC -> 3;
            case 0xFD -> 4;
            case 0xFE -> 9;
            default -> 1;
        };
        return new String(v, head, v.length - head, StandardCharsets.UTF_8);
    }
}
