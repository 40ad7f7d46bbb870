package io.turnout.proxy.mysql;

import static io.turnout.proxy.mysql.Wire.read;
import static io.turnout.proxy.mysql.Wire.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.nio.NioEventLoopGroup;
import io.turnout.protocol.mysql.AuthSwitchRequest;
import io.turnout.protocol.mysql.CachingSha2Password;
import io.turnout.protocol.mysql.Capabilities;
import io.turnout.protocol.mysql.ErrPacket;
import io.turnout.protocol.mysql.HandshakeResponse41;
import io.turnout.protocol.mysql.HandshakeV10;
import io.turnout.protocol.mysql.NativePassword;
import io.turnout.protocol.mysql.SslRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Byte-level sessions: the test plays both the client and the server by hand, through a real listener, and checks
 * every packet and sequence id on each leg. This is how caching_sha2_password is covered, since MariaDB cannot
 * speak it.
 */
class AuthTranscriptTest {
    private static final byte[] PASSWORD = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final int CLIENT_CAPS = (Wire.SERVER_CAPS & ~Capabilities.CLIENT_SSL)
            | Capabilities.CLIENT_COMPRESS;

    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private final ServerSocket fakeServer;
    private MySqlListener listener;
    private int port;
    private long lastProxyId;

    AuthTranscriptTest() throws Exception {
        fakeServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        fakeServer.setSoTimeout(10_000);
    }

    private void startListener(boolean clientTls) throws Exception {
        startListener(clientTls, MySqlListenerSettings.UpstreamTls.disabled());
    }

    private void startListener(boolean clientTls, MySqlListenerSettings.UpstreamTls upstreamTls) throws Exception {
        MySqlListenerSettings settings = MySqlListenerSettings.defaults("127.0.0.1", fakeServer.getLocalPort())
                .withUpstreamTls(upstreamTls);
        if (clientTls) {
            settings = settings.withClientTls(MySqlListenerSettings.ClientTls.selfSigned());
        }
        listener = new MySqlListener(settings, group, group);
        port = listener.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.close(Duration.ZERO);
        }
        fakeServer.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Connects a client and returns {client, server} sockets after the greeting went through. */
    private Socket[] connect(String plugin, long serverThreadId) throws Exception {
        Socket client = new Socket("127.0.0.1", port);
        client.setSoTimeout(10_000);
        Socket server = fakeServer.accept();
        server.setSoTimeout(10_000);
        send(server, 0, Wire.greeting(serverThreadId, plugin)::encode);
        Wire.Pkt greeting = read(client);
        assertEquals(0, greeting.seq());
        HandshakeV10 seen = HandshakeV10.decode(greeting.buf());
        lastProxyId = seen.connectionId();
        assertNotEquals(serverThreadId, seen.connectionId(), "client sees the proxy's connection id");
        assertEquals(serverThreadId, listener.connectionRegistry().serverThreadId(seen.connectionId()).orElseThrow());
        assertFalse(Capabilities.has(seen.capabilities(), Capabilities.CLIENT_COMPRESS), "compression masked");
        assertArrayEquals(Wire.SCRAMBLE, seen.scramble(), "the server's scramble reaches the client unchanged");
        return new Socket[] {client, server};
    }

    private static HandshakeResponse41 expectResponse(Socket server, int seq, byte[] auth) throws Exception {
        Wire.Pkt p = read(server);
        assertEquals(seq, p.seq());
        HandshakeResponse41 r = HandshakeResponse41.decode(p.buf());
        assertArrayEquals(auth, r.authResponse());
        assertFalse(Capabilities.has(r.capabilities(), Capabilities.CLIENT_COMPRESS), "compression masked");
        return r;
    }

    @Test
    void nativePasswordThenCommandsRelayedVerbatim() throws Exception {
        startListener(false);
        Socket[] s = connect(NativePassword.PLUGIN, 77);
        byte[] auth = NativePassword.scramble(PASSWORD, Wire.SCRAMBLE);
        send(s[0], 1, Wire.response(CLIENT_CAPS, "app", auth, NativePassword.PLUGIN)::encode);
        expectResponse(s[1], 1, auth);
        assertTrue(NativePassword.verify(auth, Wire.SCRAMBLE, NativePassword.storedHash(PASSWORD)));
        send(s[1], 2, Wire.ok(2));
        assertEquals(2, read(s[0]).seq());
        // command phase: C COM_QUERY "SELECT 1" / S a column count of 1 then whatever: bytes pass untouched
        byte[] query = "\u0003SELECT 1".getBytes(StandardCharsets.US_ASCII);
        send(s[0], 0, query);
        Wire.Pkt atServer = read(s[1]);
        assertEquals(0, atServer.seq());
        assertArrayEquals(query, atServer.payload());
        send(s[1], 1, new byte[] {1});
        send(s[1], 2, new byte[] {(byte) 0xfe, 0, 0, 2, 0, 0, 0});
        assertArrayEquals(new byte[] {1}, read(s[0]).payload());
        assertEquals(2, read(s[0]).seq());
        close(s);
    }

    @Test
    void cachingSha2FastPath() throws Exception {
        startListener(false);
        Socket[] s = connect(CachingSha2Password.PLUGIN, 78);
        byte[] auth = CachingSha2Password.scramble(PASSWORD, Wire.SCRAMBLE);
        send(s[0], 1, Wire.response(CLIENT_CAPS, "app", auth, CachingSha2Password.PLUGIN)::encode);
        expectResponse(s[1], 1, auth);
        send(s[1], 2, new byte[] {1, 3}); // AuthMoreData: fast auth success
        send(s[1], 3, Wire.ok(2));
        Wire.Pkt fast = read(s[0]);
        assertEquals(2, fast.seq());
        assertArrayEquals(new byte[] {1, 3}, fast.payload());
        assertEquals(3, read(s[0]).seq());
        close(s);
    }

    @Test
    void cachingSha2FullAuthWithPublicKeyRequestOverPlainConnections() throws Exception {
        startListener(false);
        KeyPair rsa = rsa();
        Socket[] s = connect(CachingSha2Password.PLUGIN, 79);
        byte[] auth = CachingSha2Password.scramble(PASSWORD, Wire.SCRAMBLE);
        send(s[0], 1, Wire.response(CLIENT_CAPS, "app", auth, CachingSha2Password.PLUGIN)::encode);
        expectResponse(s[1], 1, auth);
        send(s[1], 2, new byte[] {1, 4}); // perform full authentication
        assertEquals(2, read(s[0]).seq());
        send(s[0], 3, new byte[] {2}); // client: request public key
        Wire.Pkt request = read(s[1]);
        assertEquals(3, request.seq());
        assertArrayEquals(new byte[] {2}, request.payload());
        send(s[1], 4, moreData(pem(rsa)));
        Wire.Pkt key = read(s[0]);
        assertEquals(4, key.seq());
        byte[] sealed = CachingSha2Password.encryptPassword(PASSWORD, Wire.SCRAMBLE, new String(key.payload(), 1,
                key.payload().length - 1, StandardCharsets.US_ASCII));
        send(s[0], 5, sealed);
        Wire.Pkt atServer = read(s[1]);
        assertEquals(5, atServer.seq());
        assertArrayEquals(CachingSha2Password.xorWithScramble(PASSWORD, Wire.SCRAMBLE), decrypt(rsa, atServer.payload()));
        send(s[1], 6, Wire.ok(2));
        assertEquals(6, read(s[0]).seq());
        close(s);
    }

    @Test
    void cachingSha2FullAuthFromATlsClientIsBridgedToAPlainServer() throws Exception {
        startListener(true);
        KeyPair rsa = rsa();
        Socket[] s = connect(CachingSha2Password.PLUGIN, 80);
        // C SSLRequest (seq 1), then TLS, then the response with seq 2
        send(s[0], 1, SslRequest.of(Wire.response(CLIENT_CAPS, "app", new byte[0], null))::encode);
        SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(s[0], "127.0.0.1", port, true);
        tls.startHandshake();
        byte[] auth = CachingSha2Password.scramble(PASSWORD, Wire.SCRAMBLE);
        send(tls, 2, Wire.response(CLIENT_CAPS | Capabilities.CLIENT_SSL, "app", auth, CachingSha2Password.PLUGIN)::encode);
        HandshakeResponse41 atServer = expectResponse(s[1], 1, auth); // the server leg has no SSLRequest: seq 1
        assertFalse(Capabilities.has(atServer.capabilities(), Capabilities.CLIENT_SSL));
        send(s[1], 2, new byte[] {1, 4});
        assertEquals(3, read(tls).seq()); // shifted by one for the client
        send(tls, 4, (new String(PASSWORD, StandardCharsets.UTF_8) + "\0").getBytes(StandardCharsets.UTF_8));
        Wire.Pkt keyRequest = read(s[1]);
        assertEquals(3, keyRequest.seq());
        assertArrayEquals(new byte[] {2}, keyRequest.payload(), "the proxy asks the server for its key");
        send(s[1], 4, moreData(pem(rsa)));
        Wire.Pkt sealed = read(s[1]);
        assertEquals(5, sealed.seq());
        assertArrayEquals(CachingSha2Password.xorWithScramble(PASSWORD, Wire.SCRAMBLE), decrypt(rsa, sealed.payload()));
        send(s[1], 6, Wire.ok(2));
        Wire.Pkt ok = read(tls);
        assertEquals(5, ok.seq(), "the client's OK follows its password packet");
        assertEquals(0, ok.first());
        byte[] ping = {0x0e};
        send(tls, 0, ping);
        assertArrayEquals(ping, read(s[1]).payload());
        tls.close();
        s[1].close();
    }

    @Test
    void authSwitchToNativePassword() throws Exception {
        startListener(false);
        Socket[] s = connect(CachingSha2Password.PLUGIN, 81);
        byte[] auth = CachingSha2Password.scramble(PASSWORD, Wire.SCRAMBLE);
        send(s[0], 1, Wire.response(CLIENT_CAPS, "app", auth, CachingSha2Password.PLUGIN)::encode);
        expectResponse(s[1], 1, auth);
        byte[] fresh = "ZYXWVUTSRQPONMLKJIHG".getBytes(StandardCharsets.US_ASCII);
        byte[] withNul = Arrays.copyOf(fresh, 21);
        send(s[1], 2, new AuthSwitchRequest(NativePassword.PLUGIN, withNul)::encode);
        Wire.Pkt change = read(s[0]);
        assertEquals(2, change.seq());
        assertEquals(NativePassword.PLUGIN, AuthSwitchRequest.decode(change.buf()).pluginName());
        byte[] answer = NativePassword.scramble(PASSWORD, fresh);
        send(s[0], 3, answer);
        Wire.Pkt atServer = read(s[1]);
        assertEquals(3, atServer.seq());
        assertTrue(NativePassword.verify(atServer.payload(), fresh, NativePassword.storedHash(PASSWORD)));
        send(s[1], 4, Wire.ok(2));
        assertEquals(4, read(s[0]).seq());
        close(s);
    }

    @Test
    void serverRefusalIsRelayedAndBothLegsClose() throws Exception {
        startListener(false);
        Socket[] s = connect(NativePassword.PLUGIN, 82);
        send(s[0], 1, Wire.response(CLIENT_CAPS, "app", new byte[20], NativePassword.PLUGIN)::encode);
        read(s[1]);
        send(s[1], 2, new ErrPacket(1045, "28000", "Access denied for user 'app'")::encode);
        Wire.Pkt err = read(s[0]);
        assertEquals(2, err.seq());
        assertEquals(1045, ErrPacket.decode(err.buf()).errorCode());
        assertEquals(-1, s[0].getInputStream().read());
        assertEquals(-1, s[1].getInputStream().read());
        close(s);
    }

    @Test
    void malformedResponseGetsErr08S01WithTheNextSequenceId() throws Exception {
        startListener(false);
        Socket[] s = connect(NativePassword.PLUGIN, 83);
        send(s[0], 1, new byte[] {1, 2, 3});
        Wire.Pkt err = read(s[0]);
        assertEquals(2, err.seq());
        assertEquals("08S01", ErrPacket.decode(err.buf()).sqlState());
        assertEquals(-1, s[1].getInputStream().read(), "the server connection is closed too");
        close(s);
    }

    @Test
    void killUsesTheServerThreadId() throws Exception {
        startListener(false);
        Socket[] victim = connect(NativePassword.PLUGIN, 501);
        long victimProxyId = lastProxyId;
        login(victim);
        Socket[] killer = connect(NativePassword.PLUGIN, 502);
        login(killer);
        send(killer[0], 0, ("\u0003KILL QUERY " + victimProxyId).getBytes(StandardCharsets.US_ASCII));
        assertEquals("\u0003KILL QUERY 501", new String(read(killer[1]).payload(), StandardCharsets.US_ASCII));
        send(killer[0], 0, new byte[] {0x0c, (byte) victimProxyId, 0, 0, 0}); // COM_PROCESS_KILL
        assertArrayEquals(new byte[] {0x0c, (byte) 0xf5, 1, 0, 0}, read(killer[1]).payload());
        close(victim);
        close(killer);
    }

    @Test
    void upstreamTlsSendsItsOwnSslRequestAndShiftsSequenceIds() throws Exception {
        startListener(false, new MySqlListenerSettings.UpstreamTls(MySqlListenerSettings.UpstreamTlsMode.REQUIRE, null));
        Socket[] s = connect(NativePassword.PLUGIN, 90);
        byte[] auth = NativePassword.scramble(PASSWORD, Wire.SCRAMBLE);
        send(s[0], 1, Wire.response(CLIENT_CAPS, "app", auth, NativePassword.PLUGIN)::encode);
        Wire.Pkt sslRequest = read(s[1]);
        assertEquals(1, sslRequest.seq());
        assertTrue(SslRequest.matches(sslRequest.buf()));
        SSLSocket tls = (SSLSocket) selfSignedServer().getSocketFactory().createSocket(s[1], null, true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        HandshakeResponse41 atServer = expectResponse(tls, 2, auth);
        assertTrue(Capabilities.has(atServer.capabilities(), Capabilities.CLIENT_SSL));
        send(tls, 3, Wire.ok(2));
        assertEquals(2, read(s[0]).seq(), "the client, without TLS, counts one packet less");
        byte[] ping = {0x0e};
        send(s[0], 0, ping);
        assertArrayEquals(ping, read(tls).payload());
        s[0].close();
        tls.close();
    }

    @Test
    void upstreamTlsRequiredButNotOfferedIsAClearError() throws Exception {
        startListener(false, new MySqlListenerSettings.UpstreamTls(MySqlListenerSettings.UpstreamTlsMode.REQUIRE, null));
        Socket client = new Socket("127.0.0.1", port);
        client.setSoTimeout(10_000);
        Socket server = fakeServer.accept();
        HandshakeV10 plain = Wire.greeting(91, NativePassword.PLUGIN);
        send(server, 0, plain.withCapabilities(plain.capabilities() & ~Capabilities.CLIENT_SSL)::encode);
        read(client);
        send(client, 1, Wire.response(CLIENT_CAPS, "app", new byte[0], NativePassword.PLUGIN)::encode);
        Wire.Pkt err = read(client);
        assertEquals(2, err.seq());
        ErrPacket e = ErrPacket.decode(err.buf());
        assertTrue(e.message().contains("does not offer TLS"), e.message());
        client.close();
        server.close();
    }

    private static SSLContext selfSignedServer() throws Exception {
        io.netty.handler.ssl.util.SelfSignedCertificate cert = new io.netty.handler.ssl.util.SelfSignedCertificate();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] pw = "changeit".toCharArray();
        store.setKeyEntry("server", cert.key(), pw, new java.security.cert.Certificate[] {cert.cert()});
        javax.net.ssl.KeyManagerFactory kmf =
                javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
        cert.delete();
        return ctx;
    }

    private static void login(Socket[] s) throws Exception {
        send(s[0], 1, Wire.response(CLIENT_CAPS, "app", new byte[0], NativePassword.PLUGIN)::encode);
        read(s[1]);
        send(s[1], 2, Wire.ok(2));
        read(s[0]);
    }

    private static byte[] moreData(String text) {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[body.length + 1];
        out[0] = 1;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(1024);
        return gen.generateKeyPair();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static byte[] decrypt(KeyPair pair, byte[] sealed) throws Exception {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        cipher.init(Cipher.DECRYPT_MODE, pair.getPrivate());
        return cipher.doFinal(sealed);
    }

    private static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) { }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) { }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return ctx;
    }

    private static void close(Socket[] s) throws Exception {
        s[0].close();
        s[1].close();
    }
}
