package io.turnout.protocol.mysql;

/** A logical packet (all its 0xFFFFFF continuations joined) is longer than the configured limit. */
public final class PacketTooLargeException extends MySqlProtocolException {
    private final long length;
    private final long limit;

    public PacketTooLargeException(long length, long limit) {
        super("packet of at least " + length + " bytes exceeds the limit of " + limit
                + " bytes; raise maxPacketBytes (and max_allowed_packet on the server) or send smaller statements");
        this.length = length;
        this.limit = limit;
    }

    public long length() {
        return length;
    }

    public long limit() {
        return limit;
    }
}
