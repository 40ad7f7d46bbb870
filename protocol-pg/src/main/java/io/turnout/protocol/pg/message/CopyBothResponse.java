package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * CopyBothResponse ('W', backend): starts a bidirectional copy (streaming replication).
 * {@code Int8 overall format} (0 text, 1 binary), {@code Int16 column count}, then one
 * {@code Int16} format code per column.
 */
public record CopyBothResponse(byte overallFormat, List<Short> columnFormats) implements BackendMessage {

    public CopyBothResponse {
        columnFormats = List.copyOf(columnFormats);
    }

    /** Decodes the payload (after the type byte and length). */
    public static CopyBothResponse decode(ByteBuf payload) {
        byte overall = PgWire.readInt8(payload);
        List<Short> formats = Formats.readFormats(payload);
        PgWire.requireFullyRead(payload, "CopyBothResponse");
        return new CopyBothResponse(overall, formats);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Backend.COPY_BOTH_RESPONSE);
        out.writeByte(overallFormat);
        Formats.writeFormats(out, columnFormats);
        PgWire.endMessage(out, lengthIndex);
    }
}
