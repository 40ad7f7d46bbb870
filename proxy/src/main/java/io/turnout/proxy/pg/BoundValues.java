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
            byte[] v = b.parameters().get(i);
            if (v == null) {
                out.add(null);
                continue;
            }
            short format = b.parameterFormats().isEmpty() ? 0
                    : b.parameterFormats().get(b.parameterFormats().size() == 1 ? 0 : i);
            if (format == 0) {
                out.add(new String(v, StandardCharsets.UTF_8));
                continue;
            }
            int oid = i < types.size() ? types.get(i) : 0;
            Object decoded = binary(oid, v);
            if (decoded == null) {
                return null;
            }
            out.add(decoded);
        }
        return out;
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
