package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/** CommandComplete ('C', backend): {@code String command tag}, e.g. "INSERT 0 1", "SELECT 5". */
public record CommandComplete(String tag) implements BackendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static CommandComplete decode(ByteBuf payload) {
        CommandComplete complete = new CommandComplete(PgWire.readString(payload));
        PgWire.requireFullyRead(payload, "CommandComplete");
        return complete;
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Backend.COMMAND_COMPLETE);
        PgWire.writeString(out, tag);
        PgWire.endMessage(out, lengthIndex);
    }
}
