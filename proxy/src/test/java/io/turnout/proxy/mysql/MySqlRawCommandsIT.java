package io.turnout.proxy.mysql;

import static io.turnout.proxy.mysql.Wire.read;
import static io.turnout.proxy.mysql.Wire.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnout.protocol.mysql.Capabilities;
import io.turnout.protocol.mysql.CommandType;
import io.turnout.protocol.mysql.EofPacket;
import io.turnout.protocol.mysql.ErrPacket;
import io.turnout.protocol.mysql.HandshakeResponse41;
import io.turnout.protocol.mysql.HandshakeV10;
import io.turnout.protocol.mysql.NativePassword;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.turnout.proxy.pg.NoLeakReports;

/**
 * A hand-written client speaking the protocol through the proxy to the real server: the utility commands that
 * drivers rarely send (COM_STATISTICS, COM_FIELD_LIST, COM_SET_OPTION...) get the server's own answers, packet by
 * packet, with the sequence ids the protocol prescribes.
 */
@ExtendWith(NoLeakReports.class)
class MySqlRawCommandsIT {
    private static final int CAPS = Capabilities.CLIENT_LONG_PASSWORD | Capabilities.CLIENT_PROTOCOL_41
            | Capabilities.CLIENT_SECURE_CONNECTION | Capabilities.CLIENT_PLUGIN_AUTH | Capabilities.CLIENT_TRANSACTIONS
            | Capabilities.CLIENT_MULTI_RESULTS | Capabilities.CLIENT_CONNECT_WITH_DB;
    private static ProxiedMariaDb db;

    @BeforeAll
    static void start() throws Exception {
        db = new ProxiedMariaDb("raw");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private Socket login() throws Exception {
        Socket s = new Socket("127.0.0.1", db.proxied.port());
        s.setSoTimeout(10_000);
        HandshakeV10 greeting = HandshakeV10.decode(read(s).buf());
        byte[] auth = NativePassword.scramble(db.proxied.password().getBytes(StandardCharsets.UTF_8),
                greeting.scramble());
        HandshakeResponse41 response = new HandshakeResponse41(CAPS, 1 << 24, 33, new byte[23],
                db.proxied.user().getBytes(StandardCharsets.UTF_8), auth,
                db.proxied.database().getBytes(StandardCharsets.UTF_8), NativePassword.PLUGIN, null, new byte[0]);
        send(s, 1, response::encode);
        Wire.Pkt reply = read(s);
        assertEquals(0, reply.first(), () -> "login refused: " + ErrPacket.decode(reply.buf()));
        assertEquals(2, reply.seq());
        return s;
    }

    private static byte[] command(CommandType type, String argument) {
        byte[] arg = argument.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[arg.length + 1];
        out[0] = (byte) type.id();
        System.arraycopy(arg, 0, out, 1, arg.length);
        return out;
    }

    private static void expectOk(Socket s) throws Exception {
        Wire.Pkt p = read(s);
        assertEquals(1, p.seq());
        assertEquals(0, p.first(), () -> "expected OK, got " + (p.first() == 0xFF ? ErrPacket.decode(p.buf()) : p));
    }

    @Test
    void utilityCommandsGetTheServersAnswers() throws Exception {
        try (Socket s = login()) {
            send(s, 0, command(CommandType.COM_PING, ""));
            expectOk(s);

            send(s, 0, command(CommandType.COM_STATISTICS, ""));
            Wire.Pkt stats = read(s);
            assertTrue(new String(stats.payload(), StandardCharsets.US_ASCII).startsWith("Uptime:"));

            send(s, 0, command(CommandType.COM_QUERY, "CREATE TABLE fl (a INT, b VARCHAR(3))"));
            expectOk(s);

            send(s, 0, command(CommandType.COM_FIELD_LIST, "fl\0"));
            int seq = 1;
            int columns = 0;
            for (Wire.Pkt p = read(s); ; p = read(s)) {
                assertEquals(seq++, p.seq());
                if (EofPacket.matches(p.buf())) {
                    break;
                }
                columns++;
            }
            assertEquals(2, columns);

            send(s, 0, new byte[] {(byte) CommandType.COM_SET_OPTION.id(), 0, 0}); // MYSQL_OPTION_MULTI_STATEMENTS_ON
            Wire.Pkt set = read(s);
            assertEquals(1, set.seq());
            assertTrue(EofPacket.matches(set.buf()) || set.first() == 0, "EOF or OK after COM_SET_OPTION");

            send(s, 0, command(CommandType.COM_INIT_DB, "information_schema"));
            expectOk(s);

            send(s, 0, command(CommandType.COM_RESET_CONNECTION, ""));
            expectOk(s);

            send(s, 0, command(CommandType.COM_QUIT, ""));
            assertEquals(-1, s.getInputStream().read(), "COM_QUIT: the server closes, so does the proxy");
        }
    }

    @Test
    void unknownCommandGetsTheServersError() throws Exception {
        try (Socket s = login()) {
            send(s, 0, new byte[] {(byte) 0x77});
            Wire.Pkt err = read(s);
            assertEquals(1, err.seq());
            assertEquals(1047, ErrPacket.decode(err.buf()).errorCode()); // ER_UNKNOWN_COM_ERROR, from the server
        }
    }
}
