package io.turnout.proxy.mysql;

import static io.turnout.proxy.mysql.Wire.read;
import static io.turnout.proxy.mysql.Wire.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnout.protocol.mysql.Capabilities;
import io.turnout.protocol.mysql.CommandType;
import io.turnout.protocol.mysql.ErrPacket;
import io.turnout.protocol.mysql.HandshakeResponse41;
import io.turnout.protocol.mysql.HandshakeV10;
import io.turnout.protocol.mysql.NativePassword;
import io.turnout.testkit.DbEndpoint;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A hand-written binary-protocol client (no DEPRECATE_EOF), for what drivers other than Connector/J do: e.g.
 * libmysqlclient sends parameter types with a statement's first EXECUTE only.
 */
final class RawClient {
    private static final int CAPS = Capabilities.CLIENT_LONG_PASSWORD | Capabilities.CLIENT_PROTOCOL_41
            | Capabilities.CLIENT_SECURE_CONNECTION | Capabilities.CLIENT_PLUGIN_AUTH | Capabilities.CLIENT_TRANSACTIONS
            | Capabilities.CLIENT_MULTI_RESULTS | Capabilities.CLIENT_CONNECT_WITH_DB;
    private static final int EOF = 0xFE;

    private RawClient() {}

    static Socket login(DbEndpoint user, int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        HandshakeV10 greeting = HandshakeV10.decode(read(s).buf());
        byte[] auth = NativePassword.scramble(user.password().getBytes(StandardCharsets.UTF_8), greeting.scramble());
        HandshakeResponse41 response = new HandshakeResponse41(CAPS, 1 << 24, 33, new byte[23],
                user.user().getBytes(StandardCharsets.UTF_8), auth,
                user.database().getBytes(StandardCharsets.UTF_8), NativePassword.PLUGIN, null, new byte[0]);
        send(s, 1, response::encode);
        Wire.Pkt reply = read(s);
        assertEquals(0, reply.first(), () -> "login refused: " + ErrPacket.decode(reply.buf()));
        return s;
    }

    /** COM_STMT_PREPARE; returns the statement id after reading its parameter and column definitions. */
    static long prepare(Socket s, String sql) throws IOException {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[text.length + 1];
        payload[0] = (byte) CommandType.COM_STMT_PREPARE.id();
        System.arraycopy(text, 0, payload, 1, text.length);
        send(s, 0, payload);
        Wire.Pkt ok = read(s);
        assertEquals(0, ok.first(), () -> "prepare refused: " + ErrPacket.decode(ok.buf()));
        ByteBuffer b = ByteBuffer.wrap(ok.payload()).order(ByteOrder.LITTLE_ENDIAN);
        long id = b.getInt(1) & 0xFFFFFFFFL;
        int columns = b.getShort(5) & 0xFFFF;
        int params = b.getShort(7) & 0xFFFF;
        skipDefinitions(s, params);
        skipDefinitions(s, columns);
        return id;
    }

    /**
     * COM_STMT_EXECUTE with one INT parameter (as sysbench binds ids), its type sent only when {@code sendTypes};
     * returns the one string column of the one row.
     */
    static String executeOneString(Socket s, long statement, int value, boolean sendTypes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) CommandType.COM_STMT_EXECUTE.id()).putInt((int) statement).put((byte) 0).putInt(1);
        b.put((byte) 0); // null bitmap of one parameter
        b.put((byte) (sendTypes ? 1 : 0));
        if (sendTypes) {
            b.put((byte) 0x03).put((byte) 0); // MYSQL_TYPE_LONG, signed
        }
        b.putInt(value);
        byte[] payload = new byte[b.position()];
        b.flip().get(payload);
        send(s, 0, payload);
        Wire.Pkt first = read(s);
        assertTrue(first.first() != 0xFF, () -> "execute refused: " + ErrPacket.decode(first.buf()));
        assertEquals(1, first.first(), "one column");
        skipDefinitions(s, 1);
        String value1 = null;
        for (Wire.Pkt p = read(s); p.first() != EOF || p.payload().length >= 9; p = read(s)) {
            byte[] row = p.payload(); // 0x00, null bitmap (1 byte for one column), length-encoded string
            value1 = new String(row, 3, row[2], StandardCharsets.UTF_8);
        }
        return value1;
    }

    private static void skipDefinitions(Socket s, int n) throws IOException {
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            read(s);
        }
        Wire.Pkt eof = read(s);
        assertEquals(EOF, eof.first(), "EOF after the definitions");
    }
}
