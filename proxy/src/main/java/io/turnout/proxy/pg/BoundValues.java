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
            default -> null;
        };
    }
}
