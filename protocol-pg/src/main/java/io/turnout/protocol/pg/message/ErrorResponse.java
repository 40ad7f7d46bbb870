package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ErrorResponse ('E', backend): the server, or the proxy at its edge, reports an error.
 *
 * @param fields the fields by code (see {@link ErrorFields}), in wire order
 */
public record ErrorResponse(Map<Character, String> fields) implements BackendMessage {

    public ErrorResponse {
        fields = ErrorFields.copyOf(fields);
    }

    /** A FATAL error; the connection is closed after it is sent. */
    public static ErrorResponse fatal(String sqlState, String message) {
        return of("FATAL", sqlState, message);
    }

    /** An ERROR; the session continues. */
    public static ErrorResponse error(String sqlState, String message) {
        return of("ERROR", sqlState, message);
    }

    private static ErrorResponse of(String severity, String sqlState, String message) {
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put(ErrorFields.SEVERITY, severity);
        fields.put(ErrorFields.SEVERITY_NON_LOCALIZED, severity);
        fields.put(ErrorFields.CODE, sqlState);
        fields.put(ErrorFields.MESSAGE, message);
        return new ErrorResponse(fields);
    }

    /** This response with one more field (or a replaced one), e.g. {@link ErrorFields#HINT}. */
    public ErrorResponse with(char code, String value) {
        Map<Character, String> copy = new LinkedHashMap<>(fields);
        copy.put(code, value);
        return new ErrorResponse(copy);
    }

    /** Decodes the payload (after the type byte and length). */
    public static ErrorResponse decode(ByteBuf payload) {
        return new ErrorResponse(ErrorFields.decode(payload));
    }

    /** Writes the whole frame: 'E', length, fields, terminator. */
    @Override
    public void encode(ByteBuf out) {
        ErrorFields.encode(out, PgMessages.Backend.ERROR_RESPONSE, fields);
    }

    public String severity() {
        return fields.get(ErrorFields.SEVERITY);
    }

    /** The SQLSTATE code, e.g. 08P01. */
    public String code() {
        return fields.get(ErrorFields.CODE);
    }

    public String message() {
        return fields.get(ErrorFields.MESSAGE);
    }

    public String detail() {
        return fields.get(ErrorFields.DETAIL);
    }

    public String hint() {
        return fields.get(ErrorFields.HINT);
    }
}
