package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * StartupMessage (untyped, frontend): {@code Int32 length}, {@code Int32 protocol version}, then
 * name/value String pairs ended by a zero byte.
 *
 * @param protocolVersion major version in the high 16 bits, minor in the low 16 (196608 = 3.0)
 * @param parameters      the parameters in wire order (user, database, options, application_name, ...)
 */
public record StartupMessage(int protocolVersion, Map<String, String> parameters) implements FrontendMessage {

    public StartupMessage {
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getKey() == null || parameter.getKey().isEmpty() || parameter.getValue() == null) {
                throw new IllegalArgumentException("invalid startup parameter " + parameter);
            }
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Decodes a whole startup frame, length word included. */
    public static StartupMessage decode(ByteBuf frame) {
        int length = PgWire.readInt32(frame);
        if (length != frame.readableBytes() + 4) {
            throw PgProtocolException.violation("startup packet length " + length + " does not match its " + (frame.readableBytes() + 4) + " bytes");
        }
        int version = PgWire.readInt32(frame);
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            String name = PgWire.readString(frame);
            if (name.isEmpty()) {
                break;
            }
            String value = PgWire.readString(frame);
            if (parameters.putIfAbsent(name, value) != null) {
                throw PgProtocolException.violation("startup parameter \"" + name + "\" is given twice");
            }
        }
        PgWire.requireFullyRead(frame, "StartupMessage");
        return new StartupMessage(version, parameters);
    }

    /** Writes the whole frame. */
    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginUntyped(out);
        out.writeInt(protocolVersion);
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            PgWire.writeString(out, parameter.getKey());
            PgWire.writeString(out, parameter.getValue());
        }
        out.writeByte(0);
        PgWire.endMessage(out, lengthIndex);
    }

    public int majorVersion() {
        return protocolVersion >>> 16;
    }

    public int minorVersion() {
        return protocolVersion & 0xFFFF;
    }

    /** The {@code user} parameter, or {@code null}. */
    public String user() {
        return parameters.get("user");
    }

    /** The {@code database} parameter, defaulting to the user name as the server does. */
    public String database() {
        return parameters.getOrDefault("database", user());
    }

    /** This message with one parameter added or replaced (order kept for existing names). */
    public StartupMessage with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(name, value);
        return new StartupMessage(protocolVersion, copy);
    }
}
