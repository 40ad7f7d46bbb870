package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.DecoderException;
import io.turnout.protocol.mysql.ErrPacket;
import io.turnout.protocol.mysql.MySqlProtocolException;
import io.turnout.protocol.mysql.Packet;
import io.turnout.protocol.mysql.PacketTooLargeException;

/** The edge where typed failures become ERR packets on the wire. */
final class ErrFrames {
    private ErrFrames() {}

    /** Maps any failure seen on a client connection to the error that client is told about. */
    static MySqlProxyException classify(Throwable failure) {
        Throwable t = failure instanceof DecoderException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof MySqlProxyException e) {
            return e;
        }
        if (t instanceof PacketTooLargeException e) {
            return new MySqlProxyException(MySqlProxyException.PACKET_TOO_LARGE, "08S01",
                    "Turnout: Got a packet bigger than 'maxPacketBytes' (" + e.limit() + " bytes); "
                            + "send smaller packets or raise maxPacketBytes");
        }
        if (t instanceof MySqlProtocolException e) {
            return MySqlProxyException.badInput(e.getMessage());
        }
        return new MySqlProxyException(MySqlProxyException.UPSTREAM_LOST, "08S01",
                "Turnout: connection failed: " + t);
    }

    /** One ERR packet, framed with {@code sequenceId}. */
    static ByteBuf frame(ByteBufAllocator alloc, int sequenceId, MySqlProxyException e) {
        ByteBuf payload = alloc.buffer(64 + e.getMessage().length());
        new ErrPacket(e.errorCode(), e.sqlState(), e.getMessage()).encode(payload);
        return Packet.encode(alloc, sequenceId, payload).frames();
    }
}
