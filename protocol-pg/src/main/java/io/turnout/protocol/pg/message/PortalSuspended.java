package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * PortalSuspended ('s', backend): no payload. Execute stopped at its row limit.
 * It has no fields, so there is one instance.
 */
public final class PortalSuspended implements BackendMessage {

    public static final PortalSuspended INSTANCE = new PortalSuspended();

    private PortalSuspended() {
    }

    /** Checks the payload (after the type byte and length) is empty. */
    public static PortalSuspended decode(ByteBuf payload) {
        PgWire.requireFullyRead(payload, "PortalSuspended");
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        PgWire.writeEmpty(out, PgMessages.Backend.PORTAL_SUSPENDED);
    }

    @Override
    public String toString() {
        return "PortalSuspended";
    }
}
