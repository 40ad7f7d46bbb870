package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** ParameterDescription ('t', backend): {@code Int16 count}, then {@code Int32} type OID per parameter. */
public record ParameterDescription(List<Integer> parameterTypes) implements BackendMessage {

    public ParameterDescription {
        parameterTypes = List.copyOf(parameterTypes);
    }

    /** Decodes the payload (after the type byte and length). */
    public static ParameterDescription decode(ByteBuf payload) {
        // the count is really unsigned 16-bit: a statement may have up to 65535 parameters
        int count = PgWire.readInt16(payload) & 0xFFFF;
        List<Integer> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            types.add(PgWire.readInt32(payload));
        }
        PgWire.requireFullyRead(payload, "ParameterDescription");
        return new ParameterDescription(types);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Backend.PARAMETER_DESCRIPTION);
        out.writeShort(parameterTypes.size());
        for (int type : parameterTypes) {
            out.writeInt(type);
        }
        PgWire.endMessage(out, lengthIndex);
    }
}
