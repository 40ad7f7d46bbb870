package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
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
     * One value by its 1-based number, read from a Bind's payload positioned just after its portal and statement
     * names, without decoding the rest of the message: for the read's sticky key, asked once per execution. Null
     * when absent, SQL NULL, malformed (the server judges the message), or in a binary format this class does not
     * decode (binary uuid is given as its text form).
     */
    static Object parameter(ByteBuf afterNames, List<Integer> types, int number) {
        int i = number - 1;
        ByteBuf in = afterNames.duplicate();
        try {
            int formats = in.readUnsignedShort();
            int formatsAt = in.readerIndex();
            in.skipBytes(2 * formats);
            if (i < 0 || i >= in.readUnsignedShort()) {
                return null;
            }
            for (int k = 0; k < i; k++) {
                int length = in.readInt();
                in.skipBytes(Math.max(length, 0));
            }
            int length = in.readInt();
            if (length < 0) {
                return null;
            }
            byte[] v = new byte[length];
            in.readBytes(v);
            short format = formats == 0 ? 0 : afterNames.getShort(formatsAt + 2 * (formats == 1 ? 0 : i));
            int oid = i < types.size() ? types.get(i) : 0;
            if (format == 0) {
                return new String(v, StandardCharsets.UTF_8);
            }
            if (oid == 2950 && length == 16) {
                ByteBuffer u = ByteBuffer.wrap(v);
                return new java.util.UUID(u.getLong(), u.getLong()).toString();
            }
            return binary(oid, v);
        } catch (IndexOutOfBoundsException malformed) {
            return null;
        }
    }

    /** How many values a Bind carries, from its payload positioned after its names; -1 when malformed. */
    static int count(ByteBuf afterNames) {
        int at = afterNames.readerIndex();
        if (afterNames.readableBytes() < 2) {
            return -1;
        }
        int formats = afterNames.getUnsignedShort(at);
        int countAt = at + 2 + 2 * formats;
        return countAt + 2 <= afterNames.writerIndex() ? afterNames.getUnsignedShort(countAt) : -1;
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
