package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * CopyOutResponse ('H', backend): COPY TO STDOUT data follows.
 * {@code Int8 overall format} (0 text, 1 binary), {@code Int16 column count}, then one
 * {@code Int16} format code per column.
 */
public record CopyOutResponse(byte overallFormat, List<Short> columnFormats) implements BackendMessage {

    public CopyOutResponse {
        columnFormats = List.copyOf(columnFormats);
    }

    /** Decodes the payload (after the type byte and length). */
    public static CopyOutResponse decode(ByteBuf payload) {
        byte overall = PgWire.readInt8(payload);
        List<Short> formats = Formats.readFormats(payload);
        PgWire.requireFullyRead(payload, "CopyOutResponse");
        return new CopyOutResponse(overall, formats);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Backend.COPY_OUT_RESPONSE);
        out.writeByte(overallFormat);
        Formats.writeFormats(out, columnFormats);
        PgWire.endMessage(out, lengthIndex);
    }
}
