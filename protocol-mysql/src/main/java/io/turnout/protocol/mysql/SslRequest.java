package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;

/**
  * Protocol::SSLRequest: the first 32 bytes of a HandshakeResponse41 with CLIENT_SSL set, sent in the
  * clear before the TLS handshake; the full response follows over TLS with the next sequence id.
  */
public record SslRequest(int capabilities, long maxPacketSize, int characterSet, byte[] filler) {
    public static final int LENGTH = 32;

    /** True when {@code payload} is an SSLRequest rather than a full handshake response. */
    public static boolean matches(ByteBuf payload) {
        return payload.readableBytes() == LENGTH
                && Capabilities.has(payload.getIntLE(payload.readerIndex()), Capabilities.CLIENT_SSL);
    }

    public static SslRequest decode(ByteBuf payload) {
        if (payload.readableBytes() != LENGTH) {
            throw new MySqlProtocolException("SSLRequest must be 32 bytes, got " + payload.readableBytes());
        }
        PayloadReader r = new PayloadReader(payload);
        return new SslRequest((int) r.readInt4(), r.readInt4(), r.readInt1(), r.readBytes(23));
    }

    public void encode(ByteBuf out) {
        new PayloadWriter(out).writeInt4(capabilities).writeInt4(maxPacketSize).writeInt1(characterSet)
                .writeBytes(filler);
    }

    /** The SSLRequest a client with this response's fields would send. */
    public static SslRequest of(HandshakeResponse41 response) {
        return new SslRequest(response.capabilities() | Capabilities.CLIENT_SSL, response.maxPacketSize(),
                response.characterSet(), response.filler());
    }
}
