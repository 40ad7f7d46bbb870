package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.turnout.protocol.mysql.AuthMoreData;
import io.turnout.protocol.mysql.AuthSwitchRequest;
import io.turnout.protocol.mysql.CachingSha2Password;
import io.turnout.protocol.mysql.ErrPacket;
import io.turnout.protocol.mysql.OkPacket;
import io.turnout.protocol.mysql.Packet;
import io.turnout.protocol.mysql.PacketFramer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The authentication exchange after the handshake response, until the server's OK or ERR. Packets are relayed both
 * ways with their sequence ids shifted by the difference the SSLRequests made (the client counts one more packet when
 * it used TLS toward the proxy, the server one more when the proxy used TLS toward it). Whatever the plugin
 * (mysql_native_password, caching_sha2_password, client_ed25519, dialog...), AuthSwitchRequest and AuthMoreData go
 * through untouched: the client answers the server's own scramble.
 *
 * <p>One case cannot be relayed as is: caching_sha2_password full authentication when the client reached the proxy
 * over TLS but the proxy reaches the server in the clear. The client then sends its password in clear text (it is
 * on TLS), which the server refuses on a plain connection. The proxy bridges it:
 *
 * <pre>
 *  client (TLS)          Turnout                         server (plain)
 *   |<-- 01 04 (full auth) -------------------------------|  seq s+shift / s
 *   |--- password NUL  --->| CLEARTEXT_EXPECTED           |
 *   |                      |--- 02 (request public key) ->|  seq s+1
 *   |                      |<-- 01 PEM ------------------ |  seq s+2   SERVER_KEY_EXPECTED
 *   |                      |--- RSA(password ^ scramble)->|  seq s+3
 *   |<-- OK ---------------|<-- OK ---------------------- |  seq s+4 -> client sees s+shift+2: shift -= 2
 * </pre>
 */
final class AuthExchange {
    enum Step { RELAY, CLEARTEXT_EXPECTED, SERVER_KEY_EXPECTED }

    enum Outcome { CONTINUE, AUTHENTICATED, REFUSED }

    private final Channel client;
    private final Channel upstream;
    private final boolean bridgeCleartext;
    private int seqShift;
    private String plugin;
    private byte[] scramble;
    private Step step = Step.RELAY;
    private byte[] password;
    private int lastClientSeq;

    /**
     * @param seqShift        client sequence id minus server sequence id for the handshake response
     * @param plugin          auth plugin the client answered with
     * @param scramble        the server's scramble from the greeting
     * @param bridgeCleartext client leg on TLS while the server leg is not
     */
    AuthExchange(Channel client, Channel upstream, int seqShift, int clientSeq, String plugin, byte[] scramble,
            boolean bridgeCleartext) {
        this.client = client;
        this.upstream = upstream;
        this.seqShift = seqShift;
        this.lastClientSeq = clientSeq;
        this.plugin = plugin;
        this.scramble = scramble;
        this.bridgeCleartext = bridgeCleartext;
    }

    int lastClientSeq() {
        return lastClientSeq;
    }

    Step step() {
        return step;
    }

    Outcome fromServer(Packet packet) {
        int first = packet.firstByte();
        if (step == Step.SERVER_KEY_EXPECTED && first == AuthMoreData.HEADER) {
            String pem = packet.payload().toString(packet.payload().readerIndex() + 1, packet.length() - 1,
                    StandardCharsets.US_ASCII);
            byte[] sealed = CachingSha2Password.encryptPassword(password, scramble, pem);
            forget();
            upstream.writeAndFlush(Packet.encode(upstream.alloc(), packet.sequenceId() + 1,
                    upstream.alloc().buffer(sealed.length).writeBytes(sealed)).frames());
            seqShift -= 2;
            step = Step.RELAY;
            return Outcome.CONTINUE;
        }
        forget();
        step = Step.RELAY;
        if (first == AuthSwitchRequest.HEADER && packet.length() > 1) {
            AuthSwitchRequest change = AuthSwitchRequest.decode(packet.payload().duplicate());
            plugin = change.pluginName();
            byte[] data = change.pluginData();
            scramble = data.length > 0 && data[data.length - 1] == 0 ? Arrays.copyOf(data, data.length - 1) : data;
        }
        ByteBuf frames = Packet.encode(client.alloc(), packet.sequenceId() + seqShift, packet.payload().retain())
                .frames();
        if (first == OkPacket.HEADER) {
            client.writeAndFlush(frames);
            return Outcome.AUTHENTICATED;
        }
        if (first == ErrPacket.HEADER) {
            client.writeAndFlush(frames).addListener(ChannelFutureListener.CLOSE);
            return Outcome.REFUSED;
        }
        if (bridgeCleartext && first == AuthMoreData.HEADER && packet.length() == 2
                && packet.payload().getUnsignedByte(packet.payload().readerIndex() + 1)
                        == AuthMoreData.PERFORM_FULL_AUTHENTICATION
                && CachingSha2Password.PLUGIN.equals(plugin)) {
            step = Step.CLEARTEXT_EXPECTED;
        }
        client.writeAndFlush(frames);
        return Outcome.CONTINUE;
    }

    void fromClient(ByteBuf frame) {
        lastClientSeq = PacketFramer.sequenceId(frame);
        int serverSeq = (lastClientSeq - seqShift) & 0xFF;
        if (step == Step.CLEARTEXT_EXPECTED) {
            int length = PacketFramer.payloadLength(frame);
            int start = frame.readerIndex() + PacketFramer.HEADER_BYTES;
            if (length > 0 && frame.getByte(start + length - 1) == 0) {
                length--;
            }
            password = ByteBufUtil.getBytes(frame, start, length);
            frame.release();
            upstream.writeAndFlush(Packet.encode(upstream.alloc(), serverSeq,
                    upstream.alloc().buffer(1).writeByte(AuthMoreData.REQUEST_PUBLIC_KEY)).frames());
            step = Step.SERVER_KEY_EXPECTED;
            return;
        }
        PacketFramer.setSequenceId(frame, serverSeq);
        upstream.writeAndFlush(frame);
    }

    /** Drops a held password (after use, on failure, on close). */
    void forget() {
        if (password != null) {
            Arrays.fill(password, (byte) 0);
            password = null;
        }
    }
}
