package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The field list shared by ErrorResponse and NoticeResponse: pairs of {@code Byte1 code} and
 * {@code String value}, ended by a zero byte. Field codes as in "Error and Notice Message Fields".
 */
public final class ErrorFields {

    public static final char SEVERITY = 'S';
    public static final char SEVERITY_NON_LOCALIZED = 'V';
    public static final char CODE = 'C';
    public static final char MESSAGE = 'M';
    public static final char DETAIL = 'D';
    public static final char HINT = 'H';
    public static final char POSITION = 'P';
    public static final char INTERNAL_POSITION = 'p';
    public static final char INTERNAL_QUERY = 'q';
    public static final char WHERE = 'W';
    public static final char SCHEMA = 's';
    public static final char TABLE = 't';
    public static final char COLUMN = 'c';
    public static final char DATA_TYPE = 'd';
    public static final char CONSTRAINT = 'n';
    public static final char FILE = 'F';
    public static final char LINE = 'L';
    public static final char ROUTINE = 'R';

    private ErrorFields() {
    }

    /** An unmodifiable copy that keeps the insertion order (the order fields go on the wire). */
    static Map<Character, String> copyOf(Map<Character, String> fields) {
        for (Map.Entry<Character, String> field : fields.entrySet()) {
            if (field.getKey() == null || field.getKey() == 0 || field.getValue() == null) {
                throw new IllegalArgumentException("invalid error field " + field);
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    static Map<Character, String> decode(ByteBuf payload) {
        Map<Character, String> fields = new LinkedHashMap<>();
        while (true) {
            byte code = PgWire.readInt8(payload);
            if (code == 0) {
                break;
            }
            fields.put((char) (code & 0xFF), PgWire.readString(payload));
        }
        if (payload.isReadable()) {
            throw PgProtocolException.violation("error/notice field list has " + payload.readableBytes() + " bytes after its terminator");
        }
        return Collections.unmodifiableMap(fields);
    }

    static void encode(ByteBuf out, byte type, Map<Character, String> fields) {
        int lengthIndex = PgWire.beginMessage(out, type);
        for (Map.Entry<Character, String> field : fields.entrySet()) {
            out.writeByte(field.getKey());
            PgWire.writeString(out, field.getValue());
        }
        out.writeByte(0);
        PgWire.endMessage(out, lengthIndex);
    }
}
