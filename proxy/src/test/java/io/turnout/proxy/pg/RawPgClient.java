package io.turnout.proxy.pg;

import io.turnout.testkit.DbEndpoint;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A PostgreSQL client on a plain socket, for sending what no driver would send (garbage, truncated or oversized
 * frames) and for reading at a chosen pace. Knows just enough to log in with SCRAM-SHA-256 (RFC 5802 / 7677).
 */
final class RawPgClient implements AutoCloseable {

    /** One backend message: its type byte and its payload (without the length word). */
    record Message(char type, byte[] payload) {

        /** A field of an ErrorResponse / NoticeResponse ('C' SQLSTATE, 'M' message, 'S' severity). */
        String field(char code) {
            int i = 0;
            while (i < payload.length && payload[i] != 0) {
                int end = i + 1;
                while (payload[end] != 0) {
                    end++;
                }
                if (payload[i] == code) {
                    return new String(payload, i + 1, end - i - 1, StandardCharsets.UTF_8);
                }
                i = end + 1;
            }
            return null;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawPgClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawPgClient connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true);
        return new RawPgClient(s);
    }

    /** Connects and logs in; returns once the first ReadyForQuery arrived. */
    static RawPgClient login(int port, DbEndpoint db) throws IOException {
        RawPgClient c = connect(port);
        c.startup(db.user(), db.database());
        c.scram(db.password());
        c.readUntil('Z');
        return c;
    }

    Socket socket() {
        return socket;
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void startup(String user, String database) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeInt(body, 196608);
        for (String s : new String[] {"user", user, "database", database, "application_name", "raw-test"}) {
            body.writeBytes(cstring(s));
        }
        body.write(0);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        writeInt(frame, body.size() + 4);
        frame.writeBytes(body.toByteArray());
        send(frame.toByteArray());
    }

    /** Sends a typed message. */
    void message(char type, byte[] payload) throws IOException {
        send(frame(type, payload));
    }

    static byte[] frame(char type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(5 + payload.length);
        b.put((byte) type).putInt(payload.length + 4).put(payload);
        return b.array();
    }

    void query(String sql) throws IOException {
        message('Q', cstring(sql));
    }

    Message read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] payload = new byte[length - 4];
        in.readFully(payload);
        return new Message(type, payload);
    }

    /** Reads messages until one of the given type; an unexpected ErrorResponse fails. */
    Message readUntil(char type) throws IOException {
        while (true) {
            Message m = read();
            if (m.type() == type) {
                return m;
            }
            if (m.type() == 'E') {
                throw new IOException("unexpected ErrorResponse " + m.field('C') + ": " + m.field('M'));
            }
        }
    }

    /** Reads up to {@code buffer.length} raw bytes; -1 at end of stream. */
    int readRaw(byte[] buffer) throws IOException {
        return in.read(buffer);
    }

    /** True when the peer closed the connection (EOF or reset) within the socket timeout, after any pending data. */
    boolean closedByPeer() throws IOException {
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) >= 0) {
                // drain what is left
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** The next message, or null if the connection ends first. */
    Message readOrNull() throws IOException {
        try {
            return read();
        } catch (EOFException | SocketException e) {
            return null;
        }
    }

    private void scram(String password) throws IOException {
        Message m = read();
        requireAuth(m, 10);
        String clientNonce = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(18));
        String clientFirstBare = "n=,r=" + clientNonce;
        byte[] first = ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(cstring("SCRAM-SHA-256"));
        writeInt(p, first.length);
        p.writeBytes(first);
        message('p', p.toByteArray());

        m = read();
        requireAuth(m, 11);
        String serverFirst = new String(m.payload(), 4, m.payload().length - 4, StandardCharsets.UTF_8);
        Map<String, String> attrs = new HashMap<>();
        for (String part : serverFirst.split(",")) {
            attrs.put(part.substring(0, 1), part.substring(2));
        }
        String finalWithoutProof = "c=biws,r=" + attrs.get("r");
        String authMessage = clientFirstBare + "," + serverFirst + "," + finalWithoutProof;
        try {
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(
                    password.toCharArray(), Base64.getDecoder().decode(attrs.get("s")),
                    Integer.parseInt(attrs.get("i")), 256)).getEncoded();
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] signature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            String clientFinal = finalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
            message('p', clientFinal.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        requireAuth(read(), 12);
        requireAuth(read(), 0);
    }

    private static void requireAuth(Message m, int code) throws IOException {
        if (m.type() == 'E') {
            throw new IOException("login failed: " + m.field('C') + " " + m.field('M'));
        }
        int actual = ByteBuffer.wrap(m.payload()).getInt();
        if (m.type() != 'R' || actual != code) {
            throw new IOException("expected Authentication " + code + ", got " + m.type() + " " + actual);
        }
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] r = new byte[b.length + 1];
        System.arraycopy(b, 0, r, 0, b.length);
        return r;
    }

    private static void writeInt(ByteArrayOutputStream o, int v) {
        o.write(v >>> 24);
        o.write(v >>> 16);
        o.write(v >>> 8);
        o.write(v);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
