package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
  * Protocol::HandshakeV10, the server's greeting. Kept byte-exact: {@code reserved} holds the 10
  * bytes after the auth-data length (MariaDB stores its extended capabilities in the last four when
  * {@link Capabilities#CLIENT_LONG_PASSWORD} is clear) and {@code authPluginData2} keeps its trailing
  * NUL, so {@code decode(encode(x))} reproduces the server's bytes.
  *
  * <pre>
  * int&lt;1&gt;      protocol version (10)
  * string&lt;NUL&gt; server version
  * int&lt;4&gt;      connection id (thread id)
  * string[8]   auth-plugin-data part 1
  * int&lt;1&gt;      filler 0x00
  * int&lt;2&gt;      capability flags, lower 16 bits
  * int&lt;1&gt;      character set
  * int&lt;2&gt;      status flags
  * int&lt;2&gt;      capability flags, upper 16 bits
  * int&lt;1&gt;      length of auth-plugin-data (0 without CLIENT_PLUGIN_AUTH)
  * string[10]  reserved (MariaDB: 6 filler + int&lt;4&gt; extended capabilities)
  * string[n]   auth-plugin-data part 2, n = max(13, length - 8), with CLIENT_SECURE_CONNECTION
  * string&lt;NUL&gt; auth plugin name, with CLIENT_PLUGIN_AUTH (some servers omit the NUL)
  * </pre>
  */
public record HandshakeV10(
        int protocolVersion,
        String serverVersion,
        long connectionId,
        byte[] authPluginData1,
        int capabilities,
        int characterSet,
        int statusFlags,
        int authPluginDataLength,
        byte[] reserved,
        byte[] authPluginData2,
        String authPluginName,
        boolean pluginNameTerminated) {

    public static HandshakeV10 decode(ByteBuf payload) {
        PayloadReader r = new PayloadReader(payload);
        int version = r.readInt1();
        if (version != 10) {
            throw new MySqlProtocolException("unsupported handshake protocol version " + version + " (expected 10)");
        }
        String serverVersion = r.readStringNul();
        long connectionId = r.readInt4();
        byte[] data1 = r.readBytes(8);
        r.skip(1);
        int capsLow = r.readInt2();
        if (!r.hasRemaining()) {
            throw new MySqlProtocolException("short HandshakeV10 without character set and upper capabilities");
        }
        int charset = r.readInt1();
        int status = r.readInt2();
        int caps = capsLow | (r.readInt2() << 16);
        int dataLength = r.readInt1();
        byte[] reserved = r.readBytes(10);
        byte[] data2 = new byte[0];
        if (Capabilities.has(caps, Capabilities.CLIENT_SECURE_CONNECTION)) {
            data2 = r.readBytes(Math.min(r.remaining(), Math.max(13, dataLength - 8)));
        }
        String plugin = null;
        boolean terminated = false;
        if (Capabilities.has(caps, Capabilities.CLIENT_PLUGIN_AUTH)) {
            byte[] rest = r.readBytesEof();
            terminated = rest.length > 0 && rest[rest.length - 1] == 0;
            plugin = new String(rest, 0, terminated ? rest.length - 1 : rest.length,
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        return new HandshakeV10(version, serverVersion, connectionId, data1, caps, charset, status,
                dataLength, reserved, data2, plugin, terminated);
    }

    public void encode(ByteBuf out) {
        PayloadWriter w = new PayloadWriter(out);
        w.writeInt1(protocolVersion).writeStringNul(serverVersion).writeInt4(connectionId)
                .writeBytes(authPluginData1).writeInt1(0).writeInt2(capabilities & 0xFFFF)
                .writeInt1(characterSet).writeInt2(statusFlags).writeInt2(capabilities >>> 16)
                .writeInt1(authPluginDataLength).writeBytes(reserved).writeBytes(authPluginData2);
        if (authPluginName != null) {
            w.writeStringEof(authPluginName);
            if (pluginNameTerminated) {
                w.writeInt1(0);
            }
        }
    }

    /** The scramble (nonce) clients hash the password with: both parts, without a trailing NUL. */
    public byte[] scramble() {
        int len2 = authPluginData2.length;
        if (len2 > 0 && authPluginData2[len2 - 1] == 0) {
            len2--;
        }
        byte[] out = Arrays.copyOf(authPluginData1, 8 + len2);
        System.arraycopy(authPluginData2, 0, out, 8, len2);
        return out;
    }

    /** MariaDB's extended capabilities (the last 4 reserved bytes), meaningful when CLIENT_MYSQL is clear. */
    public int mariaDbCapabilities() {
        return (reserved[6] & 0xFF) | (reserved[7] & 0xFF) << 8 | (reserved[8] & 0xFF) << 16 | (reserved[9] & 0xFF) << 24;
    }

    /** The same greeting with other MariaDB extended capabilities (written into the last 4 reserved bytes). */
    public HandshakeV10 withMariaDbCapabilities(int caps) {
        byte[] r = reserved.clone();
        r[6] = (byte) caps;
        r[7] = (byte) (caps >>> 8);
        r[8] = (byte) (caps >>> 16);
        r[9] = (byte) (caps >>> 24);
        return new HandshakeV10(protocolVersion, serverVersion, connectionId, authPluginData1, capabilities,
                characterSet, statusFlags, authPluginDataLength, r, authPluginData2, authPluginName,
                pluginNameTerminated);
    }

    public HandshakeV10 withConnectionId(long id) {
        return new HandshakeV10(protocolVersion, serverVersion, id, authPluginData1, capabilities,
                characterSet, statusFlags, authPluginDataLength, reserved, authPluginData2, authPluginName,
                pluginNameTerminated);
    }

    public HandshakeV10 withCapabilities(int caps) {
        return new HandshakeV10(protocolVersion, serverVersion, connectionId, authPluginData1, caps,
                characterSet, statusFlags, authPluginDataLength, reserved, authPluginData2, authPluginName,
                pluginNameTerminated);
    }
}
