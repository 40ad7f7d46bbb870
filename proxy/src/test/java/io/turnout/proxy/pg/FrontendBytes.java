package io.turnout.proxy.pg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Frontend messages as byte literals, for the tests of the client-to-server stream. */
final class FrontendBytes {

    // Bind: portal "", statement "s1", 0 format codes, 0 parameters, 0 result formats
    static final byte[] BIND = RawPgClient.frame('B', new byte[] {0, 's', '1', 0, 0, 0, 0, 0, 0, 0});
    // Execute: portal "", no row limit
    static final byte[] EXECUTE = RawPgClient.frame('E', new byte[] {0, 0, 0, 0, 0});
    static final byte[] SYNC = RawPgClient.frame('S', new byte[0]);
    static final byte[] QUERY = RawPgClient.frame('Q', "SELECT 1\0".getBytes(StandardCharsets.US_ASCII));
    static final byte[] TERMINATE = RawPgClient.frame('X', new byte[0]);

    private FrontendBytes() {
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
