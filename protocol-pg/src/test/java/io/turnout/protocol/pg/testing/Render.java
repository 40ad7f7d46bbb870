package io.turnout.protocol.pg.testing;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders messages as deterministic text for comparisons and transcripts: records by component,
 * byte arrays as quoted text when printable ASCII and as hex otherwise, {@code null} as NULL.
 */
public final class Render {

    private Render() {
    }

    public static String of(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return bytes(bytes);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Render::of).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + "=" + of(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof Record record) {
            return record(record);
        }
        return value.toString();
    }

    private static String record(Record record) {
        StringBuilder text = new StringBuilder(record.getClass().getSimpleName()).append('[');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            try {
                text.append(components[i].getName()).append('=').append(of(components[i].getAccessor().invoke(record)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return text.append(']').toString();
    }

    private static String bytes(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b >= 0x7F) {
                return "0x" + HexFormat.of().formatHex(bytes);
            }
        }
        return '"' + new String(bytes, StandardCharsets.US_ASCII) + '"';
    }
}
