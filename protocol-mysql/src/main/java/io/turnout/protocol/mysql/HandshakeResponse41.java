package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
  * Protocol::HandshakeResponse41, the client's answer to {@link HandshakeV10}. Names and database
  * stay as bytes so that re-encoding is byte-exact whatever the client's character set.
  *
  * <pre>
  * int&lt;4&gt;      client capability flags
  * int&lt;4&gt;      max packet size
  * int&lt;1&gt;      character set
  * string[23]  filler (MariaDB: 19 zeros + int&lt;4&gt; extended capabilities)
  * string&lt;NUL&gt; user name
  * auth response: lenenc with CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA, else int&lt;1&gt; length + bytes
  * string&lt;NUL&gt; database, with CLIENT_CONNECT_WITH_DB
  * string&lt;NUL&gt; client auth plugin name, with CLIENT_PLUGIN_AUTH
  * lenenc attrs length + attrs, with CLIENT_CONNECT_ATTRS (kept raw)
  * anything after (e.g. zstd level) kept raw in {@code trailing}
  * </pre>
  */
public record HandshakeResponse41(
        int capabilities,
        long maxPacketSize,
        int characterSet,
        byte[] filler,
        byte[] user,
        byte[] authResponse,
        byte[] database,
        String authPluginName,
        byte[] connectAttributes,
        byte[] trailing) {

    public static HandshakeResponse41 decode(ByteBuf payload) {
        PayloadReader r = new PayloadReader(payload);
        int caps = (int) r.readInt4();
        if (!Capabilities.has(caps, Capabilities.CLIENT_PROTOCOL_41)) {
            throw new MySqlProtocolException("client does not speak protocol 4.1 (CLIENT_PROTOCOL_41 not set); "
                    + "HandshakeResponse320 is not supported");
        }
        long maxPacket = r.readInt4();
        int charset = r.readInt1();
        byte[] filler = r.readBytes(23);
        byte[] user = r.readBytesNul();
        byte[] auth;
        if (Capabilities.has(caps, Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            auth = r.readBytesLenenc();
        } else if (Capabilities.has(caps, Capabilities.CLIENT_SECURE_CONNECTION)) {
            auth = r.readBytes(r.readInt1());
        } else {
            auth = r.readBytesNul();
        }
        byte[] db = null;
        if (Capabilities.has(caps, Capabilities.CLIENT_CONNECT_WITH_DB) && r.hasRemaining()) {
            db = r.readBytesNul();
        }
        String plugin = null;
        if (Capabilities.has(caps, Capabilities.CLIENT_PLUGIN_AUTH) && r.hasRemaining()) {
            plugin = r.readStringNul();
        }
        byte[] attrs = null;
        if (Capabilities.has(caps, Capabilities.CLIENT_CONNECT_ATTRS) && r.hasRemaining()) {
            attrs = r.readBytesLenenc();
        }
        return new HandshakeResponse41(caps, maxPacket, charset, filler, user, auth, db, plugin, attrs,
                r.readBytesEof());
    }

    public void encode(ByteBuf out) {
        PayloadWriter w = new PayloadWriter(out);
        w.writeInt4(capabilities).writeInt4(maxPacketSize).writeInt1(characterSet).writeBytes(filler)
                .writeBytesNul(user);
        if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            w.writeBytesLenenc(authResponse);
        } else if (Capabilities.has(capabilities, Capabilities.CLIENT_SECURE_CONNECTION)) {
            w.writeInt1(authResponse.length).writeBytes(authResponse);
        } else {
            w.writeBytesNul(authResponse);
        }
        if (database != null) {
            w.writeBytesNul(database);
        }
        if (authPluginName != null) {
            w.writeStringNul(authPluginName);
        }
        if (connectAttributes != null) {
            w.writeBytesLenenc(connectAttributes);
        }
        w.writeBytes(trailing);
    }

    public String userName() {
        return new String(user, StandardCharsets.UTF_8);
    }

    /** MariaDB's extended capabilities (the last 4 filler bytes). */
    public int mariaDbCapabilities() {
        return (filler[19] & 0xFF) | (filler[20] & 0xFF) << 8 | (filler[21] & 0xFF) << 16 | (filler[22] & 0xFF) << 24;
    }

    public HandshakeResponse41 withMariaDbCapabilities(int caps) {
        byte[] f = filler.clone();
        f[19] = (byte) caps;
        f[20] = (byte) (caps >>> 8);
        f[21] = (byte) (caps >>> 16);
        f[22] = (byte) (caps >>> 24);
        return new HandshakeResponse41(capabilities, maxPacketSize, characterSet, f, user, authResponse, database,
                authPluginName, connectAttributes, trailing);
    }

    public HandshakeResponse41 withCapabilities(int caps) {
        return new HandshakeResponse41(caps, maxPacketSize, characterSet, filler, user, authResponse,
                database, authPluginName, connectAttributes, trailing);
    }
}
