package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;

/**
  * Protocol::AuthSwitchRequest: 0xFE, the plugin name (NUL-terminated), then plugin data (for most
  * plugins a 20-byte scramble plus NUL). Sent by the server during authentication only.
  */
public record AuthSwitchRequest(String pluginName, byte[] pluginData) {
    public static final int HEADER = 0xFE;

    public static boolean matches(ByteBuf payload) {
        return payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) == HEADER;
    }

    public static AuthSwitchRequest decode(ByteBuf payload) {
        PayloadReader r = new PayloadReader(payload);
        if (r.readInt1() != HEADER) {
            throw new MySqlProtocolException("not an AuthSwitchRequest");
        }
        if (!r.hasRemaining()) {
            throw new MySqlProtocolException("old-style AuthSwitchRequest (mysql_old_password) is not supported");
        }
        return new AuthSwitchRequest(r.readStringNul(), r.readBytesEof());
    }

    public void encode(ByteBuf out) {
        new PayloadWriter(out).writeInt1(HEADER).writeStringNul(pluginName).writeBytes(pluginData);
    }
}
