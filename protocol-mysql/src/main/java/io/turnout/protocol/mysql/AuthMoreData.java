package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;

/**
  * Protocol::AuthMoreData: 0x01 then plugin data. caching_sha2_password uses it for the fast-auth
  * result ({@link #FAST_AUTH_SUCCESS}, {@link #PERFORM_FULL_AUTHENTICATION}) and to send the RSA
  * public key (PEM text) after a client's {@link #REQUEST_PUBLIC_KEY}.
  */
public record AuthMoreData(byte[] data) {
    public static final int HEADER = 0x01;
    public static final int REQUEST_PUBLIC_KEY = 0x02;
    public static final int FAST_AUTH_SUCCESS = 0x03;
    public static final int PERFORM_FULL_AUTHENTICATION = 0x04;

    public static boolean matches(ByteBuf payload) {
        return payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) == HEADER;
    }

    public static AuthMoreData decode(ByteBuf payload) {
        PayloadReader r = new PayloadReader(payload);
        if (r.readInt1() != HEADER) {
            throw new MySqlProtocolException("not an AuthMoreData packet");
        }
        return new AuthMoreData(r.readBytesEof());
    }

    public void encode(ByteBuf out) {
        new PayloadWriter(out).writeInt1(HEADER).writeBytes(data);
    }

    public boolean isSingleByte(int value) {
        return data.length == 1 && (data[0] & 0xFF) == value;
    }
}
