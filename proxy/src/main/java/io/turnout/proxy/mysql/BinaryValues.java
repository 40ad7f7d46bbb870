package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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

    private static Object value(StmtExecute exec, int i) {
        byte[] v = exec.values().get(i);
        int type = exec.types()[2 * i] & 0xFF;
        boolean unsigned = (exec.types()[2 * i + 1] & 0x80) != 0;
        if (v == null || type == 0x06) {
            return null;
        }
        ByteBuf b = Unpooled.wrappedBuffer(v);
        return switch (type) {
            case 0x01 -> unsigned ? (long) b.getUnsignedByte(0) : (long) b.getByte(0);
            case 0x02, 0x0D -> unsigned ? (long) b.getUnsignedShortLE(0) : (long) b.getShortLE(0);
            case 0x03, 0x09 -> unsigned ? b.getUnsignedIntLE(0) : (long) b.getIntLE(0);
            case 0x08 -> b.getLongLE(0);
            case 0x04 -> (double) Float.intBitsToFloat(b.getIntLE(0));
            case 0x05 -> Double.longBitsToDouble(b.getLongLE(0));
            case 0x0F, 0xFD, 0xFE, 0x00, 0xF6 -> lenencString(v); // VARCHAR, VAR_STRING, STRING, DECIMALs
            default -> Unsupported.VALUE;
        };
    }

    private enum Unsupported { VALUE }

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
