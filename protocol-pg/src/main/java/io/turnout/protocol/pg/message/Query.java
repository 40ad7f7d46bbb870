package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/** Query ('Q', frontend): {@code String query} — simple query protocol, may hold several statements. */
public record Query(String sql) implements FrontendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static Query decode(ByteBuf payload) {
        Query query = new Query(PgWire.readString(payload));
        PgWire.requireFullyRead(payload, "Query");
        return query;
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Frontend.QUERY);
        PgWire.writeString(out, sql);
        PgWire.endMessage(out, lengthIndex);
    }
}
