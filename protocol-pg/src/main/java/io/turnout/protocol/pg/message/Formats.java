package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Lists that Bind, FunctionCall, DataRow and the Copy*Response messages share: Int16 format codes
 * (0 text, 1 binary) and Int32-length-prefixed values where -1 is SQL NULL.
 */
final class Formats {

    private Formats() {
    }

    /** {@code Int16 count} then {@code count} Int16 format codes. */
    static List<Short> readFormats(ByteBuf in) {
        int count = PgWire.readCount16(in, "format code");
        List<Short> formats = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            formats.add(PgWire.readInt16(in));
        }
        return List.copyOf(formats);
    }

    static void writeFormats(ByteBuf out, List<Short> formats) {
        out.writeShort(formats.size());
        for (short format : formats) {
            out.writeShort(format);
        }
    }

    /** {@code Int16 count} then {@code count} values, each Int32 length (-1 = NULL) and bytes. */
    static List<byte[]> readValues(ByteBuf in) {
        int count = PgWire.readCount16(in, "value");
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(PgWire.readNullableBytes(in));
        }
        return Collections.unmodifiableList(values);
    }

    static void writeValues(ByteBuf out, List<byte[]> values) {
        out.writeShort(values.size());
        for (byte[] value : values) {
            PgWire.writeNullableBytes(out, value);
        }
    }

    /** An unmodifiable copy that, unlike {@code List.copyOf}, keeps {@code null} (SQL NULL). */
    static List<byte[]> copyValues(List<byte[]> values) {
        return Collections.unmodifiableList(new ArrayList<>(values));
    }
}
