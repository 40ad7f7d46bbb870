package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * FunctionCall ('F', frontend): {@code Int32 function OID}, {@code Int16 count} + Int16 argument
 * format codes, {@code Int16 count} + arguments (Int32 length, -1 = NULL, bytes),
 * {@code Int16 result format}.
 */
public record FunctionCall(int functionOid, List<Short> argumentFormats, List<byte[]> arguments, short resultFormat)
        implements FrontendMessage {

    public FunctionCall {
        argumentFormats = List.copyOf(argumentFormats);
        arguments = Formats.copyValues(arguments);
    }

    /** Decodes the payload (after the type byte and length). */
    public static FunctionCall decode(ByteBuf payload) {
        int oid = PgWire.readInt32(payload);
        List<Short> formats = Formats.readFormats(payload);
        List<byte[]> arguments = Formats.readValues(payload);
        short resultFormat = PgWire.readInt16(payload);
        PgWire.requireFullyRead(payload, "FunctionCall");
        return new FunctionCall(oid, formats, arguments, resultFormat);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Frontend.FUNCTION_CALL);
        out.writeInt(functionOid);
        Formats.writeFormats(out, argumentFormats);
        Formats.writeValues(out, arguments);
        out.writeShort(resultFormat);
        PgWire.endMessage(out, lengthIndex);
    }
}
