package io.turnout.proxy.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnout.proxy.pg.NoLeakReports;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A MySQL client does not wait for an answer to its SSLRequest before it sends its TLS ClientHello, so both can
 * reach the proxy in one read. A relay between Connector/J and the proxy makes that happen every time: it holds the
 * SSLRequest until the whole first TLS record has arrived and hands both on in one write.
 */
@ExtendWith(NoLeakReports.class)
class MySqlClientTlsCoalescedIT {

    @Test
    void anSslRequestArrivingWithTheClientHelloInOneReadStillCompletesTheHandshake() throws Exception {
        try (ProxiedMariaDb db = new ProxiedMariaDb("tls coalesced",
                s -> s.withClientTls(MySqlListenerSettings.ClientTls.selfSigned()));
             CoalescingRelay relay = new CoalescingRelay(db.proxied.port())) {
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                try (Connection c = db.proxied.withHostPort("127.0.0.1", relay.port())
                        .connect("sslMode=REQUIRED&connectTimeout=5000&socketTimeout=5000");
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT 1 + " + i)) {
                    assertTrue(rs.next());
                    assertEquals(1 + i, rs.getInt(1));
                }
                System.out.printf("TLS through a coalescing relay: connection %d in %d ms%n", i,
                        (System.nanoTime() - started) / 1_000_000);
            }
            assertEquals(5, relay.coalesced.get(), "every SSLRequest went out with its ClientHello in one write");
        }
    }

    /** Accepts clients on loopback and relays them to {@code target}, joining SSLRequest and ClientHello. */
    private static final class CoalescingRelay implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger coalesced = new AtomicInteger();

        CoalescingRelay(int target) throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket proxy = new Socket(InetAddress.getLoopbackAddress(), target);
                        start(() -> pipe(proxy, client), proxy, client);
                        start(() -> {
                            joinFirstPacketWithFirstTlsRecord(client.getInputStream(), proxy.getOutputStream());
                            pipe(client, proxy);
                        }, proxy, client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "coalescing-relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void joinFirstPacketWithFirstTlsRecord(InputStream in, OutputStream out) throws IOException {
            DataInputStream data = new DataInputStream(in);
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            byte[] header = data.readNBytes(4);
            int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
            joined.write(header);
            joined.write(data.readNBytes(length)); // the SSLRequest: 32 bytes of capabilities, size, charset
            byte[] record = data.readNBytes(5); // TLS record header: type, version, length
            int recordLength = (record[3] & 0xff) << 8 | (record[4] & 0xff);
            joined.write(record);
            joined.write(data.readNBytes(recordLength));
            out.write(joined.toByteArray());
            out.flush();
            if (length == 32 && record[0] == 0x16) {
                coalesced.incrementAndGet();
            }
        }

        private interface Io {
            void run() throws IOException;
        }

        private static void start(Io io, Socket a, Socket b) {
            Thread t = new Thread(() -> {
                try {
                    io.run();
                } catch (IOException broken) {
                    try {
                        a.close();
                        b.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "coalescing-relay-pipe");
            t.setDaemon(true);
            t.start();
        }

        /** Copies until {@code from} ends its output, then ends {@code to}'s (a half-close, as TCP does). */
        private static void pipe(Socket from, Socket to) throws IOException {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[16384];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
