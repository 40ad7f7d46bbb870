package io.turnout.proxy.pg;

import io.turnout.protocol.pg.message.Bind;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Bind's parameter values as Java objects, for compare reads re-run on a side connection: text-format values stay
 * text (the server infers their type as it did for the client), binary ones are decoded for the common scalar types.
 */
final class BoundValues {

    private BoundValues() {
    }

    /** The values, or null when one of them is in a binary format this class does not decode. */
    static List<Object> of(Bind b, List<Integer> types) {
        List<Object> out = new ArrayList<>(b.parameters().size());
        for (int i = 0; i < b.parameters().size(); i++) {
            if (b.parameters().get(i) == null) {
                out.add(null);
                continue;
            }
            Object decoded = value(b, types, i);
            if (decoded == null) {
                return null;
            }
            out.add(decoded);
        }
        return out;
    }

    /**
     * One value by its 1-based number, for the read's sticky key: null when absent, SQL NULL, or in a binary format
     * this class does not decode (binary uuid is given as its text form).
     */
    static Object parameter(Bind b, List<Integer> types, int number) {
        int i = number - 1;
        if (i < 0 || i >= b.parameters().size() || b.parameters().get(i) == null) {
            return null;
        }
        Object v = value(b, types, i);
        if (v == null && format(b, i) == 1 && i < types.size() && types.get(i) == 2950
                && b.parameters().get(i).length == 16) {
            ByteBuffer u = ByteBuffer.wrap(b.parameters().get(i));
            return new java.util.UUID(u.getLong(), u.getLong()).toString();
        }
        return v;
    }

    private static Object value(Bind b, List<Integer> types, int i) {
        byte[] v = b.parameters().get(i);
        if (format(b, i) == 0) {
            return new String(v, StandardCharsets.UTF_8);
        }
        return binary(i < types.size() ? types.get(i) : 0, v);
    }

    private static short format(Bind b, int i) {
        return b.parameterFormats().isEmpty() ? 0
                : b.parameterFormats().get(b.parameterFormats().size() == 1 ? 0 : i);
    }

    private static Object binary(int oid, byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        return switch (oid) {
            case 16 -> v.length == 1 ? v[0] != 0 : null;
            case 20 -> v.length == 8 ? b.getLong() : null;
            case 21 -> v.length == 2 ? (int) b.getShort() : null;
            case 23 -> v.length == 4 ? b.getInt() : null;
            case 700 -> v.length == 4 ? b.getFloat() : null;
            case 701 -> v.length == 8 ? b.getDouble() : null;
            case 25, 1043 -> new String(v, StandardCharsets.UTF_8);
            case 1700 -> numeric(b);
            default -> null;
        };
    }

    /** Binary numeric: ndigits, weight, sign, dscale, then ndigits base-10000 digits; NaN is not decoded. */
    private static java.math.BigDecimal numeric(ByteBuffer b) {
        if (b.remaining() < 8) {
            return null;
        }
        int ndigits = b.getShort();
        int weight = b.getShort();
        int sign = b.getShort() & 0xFFFF;
        int dscale = b.getShort();
        if (sign == 0xC000 || b.remaining() != ndigits * 2) {
            return null;
        }
        java.math.BigInteger unscaled = java.math.BigInteger.ZERO;
        for (int i = 0; i < ndigits; i++) {
            unscaled = unscaled.multiply(java.math.BigInteger.valueOf(10_000)).add(java.math.BigInteger.valueOf(b.getShort()));
        }
        // the digits are unscaled * 10000^(weight - ndigits + 1)
        java.math.BigDecimal value = new java.math.BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - ndigits + 1));
        try {
            value = value.setScale(Math.max(dscale, 0), java.math.RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            return null; // more digits than the display scale: not a value this decoder vouches for
        }
        return sign == 0x4000 ? value.negate() : value;
    }
}
