package io.turnout.proxy.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnout.protocol.mysql.Capabilities;
import io.turnout.protocol.mysql.HandshakeResponse41;
import io.turnout.protocol.mysql.HandshakeV10;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CapabilityPolicyTest {

    @Test
    void greetingMasksCompressionAndAdvertisesTheProxysOwnTls() {
        HandshakeV10 server = Wire.greeting(77, "mysql_native_password");
        HandshakeV10 noTls = CapabilityPolicy.greetingForClient(server, 5, false);
        assertFalse(Capabilities.has(noTls.capabilities(), Capabilities.CLIENT_COMPRESS));
        assertFalse(Capabilities.has(noTls.capabilities(), Capabilities.CLIENT_SSL));
        assertEquals(5, noTls.connectionId());
        HandshakeV10 withTls = CapabilityPolicy.greetingForClient(
                server.withCapabilities(server.capabilities() & ~Capabilities.CLIENT_SSL), 5, true);
        assertTrue(Capabilities.has(withTls.capabilities(), Capabilities.CLIENT_SSL));
        // everything else unchanged
        int untouched = ~(Capabilities.CLIENT_COMPRESS | Capabilities.CLIENT_SSL
                | Capabilities.CLIENT_ZSTD_COMPRESSION_ALGORITHM);
        assertEquals(server.capabilities() & untouched, withTls.capabilities() & untouched);
        assertEquals(server.authPluginName(), withTls.authPluginName());
    }

    @Test
    void responseCarriesTheUpstreamLegsTlsFlag() {
        HandshakeResponse41 client = Wire.response(Wire.SERVER_CAPS | Capabilities.CLIENT_ZSTD_COMPRESSION_ALGORITHM,
                "u", new byte[0], null);
        HandshakeResponse41 plain = CapabilityPolicy.responseForServer(client, false);
        assertFalse(Capabilities.has(plain.capabilities(), Capabilities.CLIENT_SSL));
        assertFalse(Capabilities.has(plain.capabilities(), Capabilities.CLIENT_COMPRESS));
        assertFalse(Capabilities.has(plain.capabilities(), Capabilities.CLIENT_ZSTD_COMPRESSION_ALGORITHM));
        assertTrue(Capabilities.has(CapabilityPolicy.responseForServer(client, true).capabilities(),
                Capabilities.CLIENT_SSL));
    }

    @Test
    void registryHandsOutDistinctIdsAndForgetsReleasedOnes() {
        ConnectionRegistry registry = new ConnectionRegistry();
        long a = registry.allocate();
        long b = registry.allocate();
        registry.bind(a, 1000);
        registry.bind(b, 2000);
        assertEquals(OptionalLong.of(2000), registry.serverThreadId(b));
        registry.release(b);
        assertEquals(OptionalLong.empty(), registry.serverThreadId(b));
        assertEquals(1, registry.size());
        assertTrue(a != b && a > 0 && b > 0);
    }
}
