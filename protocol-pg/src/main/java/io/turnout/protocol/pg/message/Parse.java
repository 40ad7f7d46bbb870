package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Parse ('P', frontend): {@code String statement name} (empty = unnamed), {@code String query},
 * {@code Int16 count}, then {@code Int32} parameter type OIDs (0 = unspecified).
 */
public record Parse(String statement, String sql, List<Integer> parameterTypes) implements FrontendMessage {

    public Parse {
        parameterTypes = List.copyOf(parameterTypes);
    }

    /** Decodes the payload (after the type byte and length). */
    public static Parse decode(ByteBuf payload) {
        String statement = PgWire.readString(payload);
        String sql = PgWire.readString(payload);
        int count = PgWire.readCount16(payload, "parameter type");
        List<Integer> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            types.add(PgWire.readInt32(payload));
        }
        PgWire.requireFullyRead(payload, "Parse");
        return new Parse(statement, sql, types);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Frontend.PARSE);
        PgWire.writeString(out, statement);
        PgWire.writeString(out, sql);
        out.writeShort(parameterTypes.size());
        for (int type : parameterTypes) {
            out.writeInt(type);
        }
        PgWire.endMessage(out, lengthIndex);
    }
}
