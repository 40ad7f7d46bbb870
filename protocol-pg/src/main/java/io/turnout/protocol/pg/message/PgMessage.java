package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/** A decoded PostgreSQL protocol message that can write itself back as a whole frame. */
public interface PgMessage {

    /** Writes the whole frame: type byte (if any), length, payload. */
    void encode(ByteBuf out);
}
