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
    void routedListenersAlsoMaskQueryAttributesAndMariaDbMetadataCacheBulkAndMulti() {
        int mariaDb = 1 | 1 << 1 | 1 << 2 | 1 << 3 | 1 << 4; // progress, COM_MULTI, bulk, extended types, cache
        HandshakeV10 server = Wire.greeting(77, "mysql_native_password")
                .withCapabilities((Wire.SERVER_CAPS | Capabilities.CLIENT_QUERY_ATTRIBUTES)
                        & ~Capabilities.CLIENT_LONG_PASSWORD)
                .withMariaDbCapabilities(mariaDb);
        HandshakeV10 routed = CapabilityPolicy.greetingForClient(server, 5, false, true);
        assertFalse(Capabilities.has(routed.capabilities(), Capabilities.CLIENT_QUERY_ATTRIBUTES));
        assertEquals(1 | 1 << 3, routed.mariaDbCapabilities(), "progress and extended type info pass");
        HandshakeV10 plain = CapabilityPolicy.greetingForClient(server, 5, false, false);
        assertEquals(mariaDb, plain.mariaDbCapabilities(), "a plain listener passes them all");
        assertTrue(Capabilities.has(plain.capabilities(), Capabilities.CLIENT_QUERY_ATTRIBUTES));
        HandshakeResponse41 client = Wire.response(Wire.SERVER_CAPS & ~Capabilities.CLIENT_LONG_PASSWORD, "u",
                new byte[0], null).withMariaDbCapabilities(mariaDb);
        assertEquals(1 | 1 << 3, CapabilityPolicy.responseForServer(client, false, true).mariaDbCapabilities());
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
