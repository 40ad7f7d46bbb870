package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/** ParameterStatus ('S', backend): {@code String name}, {@code String value}, e.g. server_version. */
public record ParameterStatus(String name, String value) implements BackendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static ParameterStatus decode(ByteBuf payload) {
        ParameterStatus status = new ParameterStatus(PgWire.readString(payload), PgWire.readString(payload));
        PgWire.requireFullyRead(payload, "ParameterStatus");
        return status;
    }

    /** Writes the whole frame. */
    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Backend.PARAMETER_STATUS);
        PgWire.writeString(out, name);
        PgWire.writeString(out, value);
        PgWire.endMessage(out, lengthIndex);
    }
}
