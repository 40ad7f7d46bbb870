package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * PasswordMessage ('p', frontend): {@code String password} — cleartext, or "md5" + hex digest.
 * 'p' is also SASLInitialResponse and SASLResponse: which one depends on the authentication
 * request the server sent last.
 */
public record PasswordMessage(String password) implements FrontendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static PasswordMessage decode(ByteBuf payload) {
        PasswordMessage message = new PasswordMessage(PgWire.readString(payload));
        PgWire.requireFullyRead(payload, "PasswordMessage");
        return message;
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Frontend.PASSWORD);
        PgWire.writeString(out, password);
        PgWire.endMessage(out, lengthIndex);
    }

    @Override
    public String toString() {
        return "PasswordMessage[password=<hidden>]";
    }
}
