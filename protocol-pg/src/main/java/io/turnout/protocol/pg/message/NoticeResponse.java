package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * NoticeResponse ('N', backend): the same field list as ErrorResponse (see {@link ErrorFields}),
 * for a warning or notice that does not end the command.
 */
public record NoticeResponse(Map<Character, String> fields) implements BackendMessage {

    public NoticeResponse {
        fields = ErrorFields.copyOf(fields);
    }

    /** Decodes the payload (after the type byte and length). */
    public static NoticeResponse decode(ByteBuf payload) {
        return new NoticeResponse(ErrorFields.decode(payload));
    }

    @Override
    public void encode(ByteBuf out) {
        ErrorFields.encode(out, PgMessages.Backend.NOTICE_RESPONSE, fields);
    }

    public String severity() {
        return fields.get(ErrorFields.SEVERITY);
    }

    public String code() {
        return fields.get(ErrorFields.CODE);
    }

    public String message() {
        return fields.get(ErrorFields.MESSAGE);
    }
}
