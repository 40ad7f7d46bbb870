package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.turnout.protocol.mysql.Capabilities;
import io.turnout.protocol.mysql.HandshakeResponse41;
import io.turnout.protocol.mysql.HandshakeV10;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Blocking packet I/O on plain sockets, for byte-level session tests that play client and server by hand. */
final class Wire {
    static final int SERVER_CAPS = Capabilities.CLIENT_LONG_PASSWORD | Capabilities.CLIENT_CONNECT_WITH_DB
            | Capabilities.CLIENT_COMPRESS | Capabilities.CLIENT_PROTOCOL_41 | Capabilities.CLIENT_SSL
            | Capabilities.CLIENT_TRANSACTIONS | Capabilities.CLIENT_SECURE_CONNECTION
            | Capabilities.CLIENT_MULTI_RESULTS | Capabilities.CLIENT_PLUGIN_AUTH
            | Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CLIENT_DEPRECATE_EOF;
    static final byte[] SCRAMBLE = "abcdefghij0123456789".getBytes(StandardCharsets.US_ASCII);

    record Pkt(int seq, byte[] payload) {
        ByteBuf buf() {
            return Unpooled.wrappedBuffer(payload);
        }

        int first() {
            return payload.length == 0 ? -1 : payload[0] & 0xFF;
        }
    }

    private Wire() {}

    static void send(Socket s, int seq, byte[] payload) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
                (byte) seq});
        out.write(payload);
        out.flush();
    }

    static void send(Socket s, int seq, Consumer<ByteBuf> encoder) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        encoder.accept(buf);
        send(s, seq, ByteBufUtil.getBytes(buf));
    }

    static Pkt read(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] header = new byte[4];
        in.readFully(header);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Pkt(header[3] & 0xFF, payload);
    }

    static HandshakeV10 greeting(long connectionId, String plugin) {
        byte[] part2 = new byte[13];
        System.arraycopy(SCRAMBLE, 8, part2, 0, 12);
        return new HandshakeV10(10, "8.4.0-fake", connectionId, java.util.Arrays.copyOf(SCRAMBLE, 8), SERVER_CAPS,
                255, 2, 21, new byte[10], part2, plugin, true);
    }

    static HandshakeResponse41 response(int caps, String user, byte[] auth, String plugin) {
        return new HandshakeResponse41(caps, 1 << 24, 255, new byte[23], user.getBytes(StandardCharsets.UTF_8), auth,
                "app".getBytes(StandardCharsets.UTF_8), plugin, null, new byte[0]);
    }

    static byte[] ok(int status) {
        return new byte[] {0, 0, 0, (byte) status, 0, 0, 0};
    }
}
