package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * RowDescription ('T', backend): {@code Int16 field count}, then per field {@code String name},
 * {@code Int32 table OID}, {@code Int16 column attribute number}, {@code Int32 type OID},
 * {@code Int16 type size}, {@code Int32 type modifier}, {@code Int16 format code}.
 */
public record RowDescription(List<Field> fields) implements BackendMessage {

    /** One column of the result. Table OID and attribute number are 0 when not a table column. */
    public record Field(String name, int tableOid, short columnNumber, int typeOid, short typeSize, int typeModifier,
                        short format) {
    }

    public RowDescription {
        fields = List.copyOf(fields);
    }

    /** Decodes the payload (after the type byte and length). */
    public static RowDescription decode(ByteBuf payload) {
        int count = PgWire.readCount16(payload, "field");
        List<Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fields.add(new Field(PgWire.readString(payload), PgWire.readInt32(payload), PgWire.readInt16(payload),
                    PgWire.readInt32(payload), PgWire.readInt16(payload), PgWire.readInt32(payload), PgWire.readInt16(payload)));
        }
        PgWire.requireFullyRead(payload, "RowDescription");
        return new RowDescription(fields);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Backend.ROW_DESCRIPTION);
        out.writeShort(fields.size());
        for (Field field : fields) {
            PgWire.writeString(out, field.name());
            out.writeInt(field.tableOid());
            out.writeShort(field.columnNumber());
            out.writeInt(field.typeOid());
            out.writeShort(field.typeSize());
            out.writeInt(field.typeModifier());
            out.writeShort(field.format());
        }
        PgWire.endMessage(out, lengthIndex);
    }
}
