package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * NotificationResponse ('A', backend, asynchronous): {@code Int32 notifying process ID},
 * {@code String channel}, {@code String payload} — delivered after LISTEN when someone NOTIFYs.
 */
public record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {

    /** Decodes the payload (after the type byte and length). */
    public static NotificationResponse decode(ByteBuf payload) {
        NotificationResponse notification =
                new NotificationResponse(PgWire.readInt32(payload), PgWire.readString(payload), PgWire.readString(payload));
        PgWire.requireFullyRead(payload, "NotificationResponse");
        return notification;
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Backend.NOTIFICATION_RESPONSE);
        out.writeInt(processId);
        PgWire.writeString(out, channel);
        PgWire.writeString(out, payload);
        PgWire.endMessage(out, lengthIndex);
    }
}
