package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Bind ('B', frontend): {@code String portal}, {@code String statement}, {@code Int16 count} +
 * Int16 parameter format codes, {@code Int16 count} + parameter values (Int32 length, -1 = NULL,
 * then bytes), {@code Int16 count} + Int16 result format codes.
 *
 * <p>Parameter values are copied into arrays ({@code null} for SQL NULL); the arrays are not
 * copied again by the record, treat them as read-only.
 */
public record Bind(String portal, String statement, List<Short> parameterFormats, List<byte[]> parameters,
                   List<Short> resultFormats) implements FrontendMessage {

    public Bind {
        parameterFormats = List.copyOf(parameterFormats);
        parameters = Formats.copyValues(parameters);
        resultFormats = List.copyOf(resultFormats);
    }

    /** Decodes the payload (after the type byte and length). */
    public static Bind decode(ByteBuf payload) {
        String portal = PgWire.readString(payload);
        String statement = PgWire.readString(payload);
        List<Short> parameterFormats = Formats.readFormats(payload);
        List<byte[]> parameters = Formats.readValues(payload);
        List<Short> resultFormats = Formats.readFormats(payload);
        PgWire.requireFullyRead(payload, "Bind");
        return new Bind(portal, statement, parameterFormats, parameters, resultFormats);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Frontend.BIND);
        PgWire.writeString(out, portal);
        PgWire.writeString(out, statement);
        Formats.writeFormats(out, parameterFormats);
        Formats.writeValues(out, parameters);
        Formats.writeFormats(out, resultFormats);
        PgWire.endMessage(out, lengthIndex);
    }
}
