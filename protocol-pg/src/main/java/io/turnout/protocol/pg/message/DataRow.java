package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DataRow ('D', backend): {@code Int16 column count}, then per column {@code Int32 length}
 * (-1 = NULL) and {@code Byte-n} value. Relayed rows stay raw frames; decode only to inspect.
 *
 * @param values one array per column, {@code null} for SQL NULL; treat the arrays as read-only
 */
public record DataRow(List<byte[]> values) implements BackendMessage {

    public DataRow {
        values = Formats.copyValues(values);
    }

    /** Decodes the payload (after the type byte and length). */
    public static DataRow decode(ByteBuf payload) {
        List<byte[]> values = Formats.readValues(payload);
        PgWire.requireFullyRead(payload, "DataRow");
        return new DataRow(values);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Backend.DATA_ROW);
        Formats.writeValues(out, values);
        PgWire.endMessage(out, lengthIndex);
    }
}
