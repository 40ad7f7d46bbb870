package io.turnout.proxy.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The YAML configuration: what a valid file gives, and every invalid field reported by its path, all at once. */
class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader();

    private TurnoutConfig parse(String yaml, Path dir) {
        return loader.parse(yaml, "test.yaml", dir);
    }

    private List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml, null)).problems();
    }

    private static void assertProblem(List<String> problems, String field, String what) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(field + ":") && p.contains(what)),
                "expected a problem '" + field + ": ..." + what + "...' in " + problems);
    }

    @Test
    void aCompleteValidFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("proxy.crt"), "cert");
        Files.writeString(dir.resolve("proxy.key"), "key");
        Files.writeString(dir.resolve("root.crt"), "ca");
        TurnoutConfig c = parse("""
                listeners:
                  - name: main
                    protocol: postgres
                    bind: 127.0.0.1:6432
                    upstream: db.internal:5432
                    tls:
                      client: { cert: proxy.crt, key: proxy.key }
                      server: { mode: verify-full, ca: root.crt }
                    limits: { maxMessageBytes: 1048576, maxStartupBytes: 4096, maxClientConnections: 10,
                              connectTimeoutMs: 1500, idleTimeoutSeconds: 60 }
                  - protocol: mysql
                    bind: "[::1]:3307"
                    upstream: 127.0.0.1:3306
                shutdown:
                  graceSeconds: 7
                ioThreads: 3
                """, dir);
        assertEquals(2, c.listeners().size());
        ListenerConfig pg = c.listeners().get(0);
        assertEquals("main", pg.name());
        assertEquals(Protocol.POSTGRES, pg.protocol());
        assertEquals(new HostPort("127.0.0.1", 6432), pg.bind());
        assertEquals(Upstream.tcp("db.internal", 5432), pg.upstream());
        assertFalse(pg.upstream().isUnix());
        assertEquals(dir.resolve("proxy.crt"), pg.tls().clientCert(), "paths are relative to the file");
        assertEquals(TlsConfig.ServerTlsMode.VERIFY_FULL, pg.tls().serverMode());
        assertEquals(new Limits(1048576, 4096, 10, Duration.ofMillis(1500), Duration.ofSeconds(60)), pg.limits());
        ListenerConfig my = c.listeners().get(1);
        assertEquals("mysql", my.name(), "the name defaults to the protocol");
        assertEquals(new HostPort("::1", 3307), my.bind());
        assertEquals(TlsConfig.NONE, my.tls());
        assertEquals(Limits.DEFAULTS, my.limits());
        assertEquals(Duration.ofSeconds(7), c.shutdownGrace());
        assertEquals(3, c.effectiveIoThreads());
    }

    @Test
    void ioThreadsDefaultToOnePerTwoCoresAndMustBePositive() {
        TurnoutConfig c = parse("listeners: [ { protocol: postgres, bind: 127.0.0.1:6432, upstream: 127.0.0.1:5432 } ]",
                null);
        assertEquals(0, c.ioThreads());
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), c.effectiveIoThreads());
        assertProblem(problems("""
                listeners: [ { protocol: postgres, bind: 127.0.0.1:6432, upstream: 127.0.0.1:5432 } ]
                ioThreads: 0
                """), "ioThreads", "must be an integer in 1..1024");
    }

    @Test
    void aUnixSocketUpstream() {
        TurnoutConfig c = parse("""
                listeners:
                  - { protocol: postgres, bind: 127.0.0.1:6432, upstream: unix:/run/postgresql/.s.PGSQL.5432 }
                  - { protocol: mysql, bind: 127.0.0.1:3307, upstream: " unix:/run/mysqld/mysqld.sock" }
                """, null);
        Upstream pg = c.listeners().get(0).upstream();
        assertTrue(pg.isUnix());
        assertEquals(Path.of("/run/postgresql/.s.PGSQL.5432"), pg.socket());
        assertEquals("unix:/run/postgresql/.s.PGSQL.5432", pg.toString());
        assertEquals(Upstream.unix(Path.of("/run/mysqld/mysqld.sock")), c.listeners().get(1).upstream());
    }

    @Test
    void aUnixSocketUpstreamNeedsAnAbsolutePathAndNoServerTls() {
        List<String> p = problems("""
                listeners:
                  - { protocol: postgres, bind: 127.0.0.1:6432, upstream: "unix:run/pg.sock" }
                  - protocol: mysql
                    bind: 127.0.0.1:3307
                    upstream: unix:/run/mysqld/mysqld.sock
                    tls: { server: { mode: require } }
                """);
        assertProblem(p, "listeners[0].upstream", "expected unix:/absolute/path/to/socket, got 'unix:run/pg.sock'");
        assertProblem(p, "listeners[1].tls.server.mode", "must be disable with a Unix-socket upstream");
        assertEquals(2, p.size(), p.toString());
    }

    @Test
    void unknownField() {
        List<String> p = problems("""
                listeners:
                  - protocol: postgres
                    bind: 127.0.0.1:6432
                    upstrem: 127.0.0.1:5432
                """);
        assertProblem(p, "listeners[0].upstrem", "unknown field");
        assertProblem(p, "listeners[0].upstream", "is required");
    }

    @Test
    void unknownTopLevelAndNestedFields() {
        List<String> p = problems("""
                listners: []
                listeners:
                  - protocol: postgres
                    bind: 127.0.0.1:6432
                    upstream: 127.0.0.1:5432
                    limits: { maxMessageByte: 10 }
                    tls: { client: { selfSigned: true, pem: x } }
                """);
        assertProblem(p, "listners", "unknown field");
        assertProblem(p, "listeners[0].limits.maxMessageByte", "unknown field");
        assertProblem(p, "listeners[0].tls.client.pem", "unknown field");
    }

    @Test
    void badPorts() {
        List<String> p = problems("""
                listeners:
                  - protocol: postgres
                    bind: 127.0.0.1:70000
                    upstream: 127.0.0.1:http
                  - protocol: postgres
                    bind: 127.0.0.1
                    upstream: 127.0.0.1:5432
                """);
        assertProblem(p, "listeners[0].bind", "70000 is out of range");
        assertProblem(p, "listeners[0].upstream", "not a number");
        assertProblem(p, "listeners[1].bind", "expected host:port");
    }

    @Test
    void badProtocol() {
        assertProblem(problems("""
                listeners:
                  - protocol: oracle
                    bind: 127.0.0.1:1521
                    upstream: 127.0.0.1:1522
                """), "listeners[0].protocol", "must be postgres or mysql, got 'oracle'");
    }

    @Test
    void missingUpstreamAndListeners() {
        assertProblem(problems("""
                listeners:
                  - protocol: postgres
                    bind: 127.0.0.1:6432
                """), "listeners[0].upstream", "is required");
        assertProblem(problems("shutdown: { graceSeconds: 1 }\n"), "listeners", "non-empty list");
    }

    @Test
    void unreadableCertificateFile(@TempDir Path dir) {
        List<String> p = assertThrows(ConfigException.class, () -> parse("""
                listeners:
                  - protocol: postgres
                    bind: 127.0.0.1:6432
                    upstream: 127.0.0.1:5432
                    tls: { client: { cert: missing.crt, key: missing.key }, server: { mode: verify-full, ca: ca.pem } }
                """, dir)).problems();
        assertProblem(p, "listeners[0].tls.client.cert", "missing.crt does not exist or is not readable");
        assertProblem(p, "listeners[0].tls.client.key", "missing.key");
        assertProblem(p, "listeners[0].tls.server.ca", "ca.pem");
    }

    @Test
    void badLimitsAndValues() {
        List<String> p = problems("""
                listeners:
                  - protocol: postgres
                    bind: 127.0.0.1:6432
                    upstream: 127.0.0.1:5432
                    tls: { server: { mode: sometimes } }
                    limits: { maxMessageBytes: -1, maxClientConnections: many, connectTimeoutMs: 1.5 }
                shutdown: { graceSeconds: -3 }
                """);
        assertProblem(p, "listeners[0].tls.server.mode", "must be disable, require or verify-full");
        assertProblem(p, "listeners[0].limits.maxMessageBytes", "got '-1'");
        assertProblem(p, "listeners[0].limits.maxClientConnections", "got 'many'");
        assertProblem(p, "listeners[0].limits.connectTimeoutMs", "got '1.5'");
        assertProblem(p, "shutdown.graceSeconds", "got '-3'");
    }

    @Test
    void nonBooleanSelfSignedIsReported() {
        assertProblem(problems("""
                listeners:
                  - protocol: postgres
                    bind: 127.0.0.1:6432
                    upstream: 127.0.0.1:5432
                    tls: { client: { selfSigned: "please" } }
                """), "listeners[0].tls.client.selfSigned", "true or false");
    }

    @Test
    void sameAsServerPassesChannelBindingWhenTheServerLegHasTls(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("server.crt"), "cert");
        Files.writeString(dir.resolve("server.key"), "key");
        TurnoutConfig c = parse("""
                listeners:
                  - protocol: postgres
                    bind: 127.0.0.1:6432
                    upstream: 127.0.0.1:5432
                    tls:
                      client: { cert: server.crt, key: server.key, sameAsServer: true }
                      server: { mode: require }
                """, dir);
        assertTrue(c.listeners().get(0).tls().clientSameAsServer());
        assertFalse(parse("""
                listeners:
                  - protocol: postgres
                    bind: 127.0.0.1:6432
                    upstream: 127.0.0.1:5432
                    tls: { client: { cert: server.crt, key: server.key }, server: { mode: require } }
                """, dir).listeners().get(0).tls().clientSameAsServer(), "off unless asked for");
    }

    @Test
    void sameAsServerNeedsTheServersFilesAndTlsTowardTheServer() {
        List<String> p = problems("""
                listeners:
                  - protocol: postgres
                    bind: 127.0.0.1:6432
                    upstream: 127.0.0.1:5432
                    tls: { client: { selfSigned: true, sameAsServer: true } }
                  - protocol: postgres
                    name: second
                    bind: 127.0.0.1:6433
                    upstream: 127.0.0.1:5432
                    tls: { client: { sameAsServer: yes please }, server: { mode: require } }
                """);
        assertProblem(p, "listeners[0].tls.client.sameAsServer", "needs cert and key");
        assertProblem(p, "listeners[0].tls.client.sameAsServer", "needs TLS toward the server");
        assertProblem(p, "listeners[1].tls.client.sameAsServer", "true or false");
    }

    @Test
    void duplicateListenerNames() {
        assertProblem(problems("""
                listeners:
                  - { protocol: postgres, bind: 127.0.0.1:6432, upstream: 127.0.0.1:5432 }
                  - { protocol: postgres, bind: 127.0.0.1:6433, upstream: 127.0.0.1:5432 }
                """), "listeners[1].name", "duplicate listener name 'postgres'");
    }

    @Test
    void everyProblemIsReportedAtOnce(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                listeners:
                  - protocol: postgress
                    bind: 127.0.0.1:99999
                    colour: blue
                    tls: { client: { cert: nope.crt, key: nope.key } }
                  - protocol: postgres
                    bind: 127.0.0.1:6432
                """, dir));
        List<String> p = e.problems();
        assertProblem(p, "listeners[0].protocol", "postgress");
        assertProblem(p, "listeners[0].bind", "99999");
        assertProblem(p, "listeners[0].colour", "unknown field");
        assertProblem(p, "listeners[0].upstream", "is required");
        assertProblem(p, "listeners[0].tls.client.cert", "nope.crt");
        assertProblem(p, "listeners[1].upstream", "is required");
        for (String problem : p) {
            assertTrue(e.getMessage().contains(problem), "the message lists every problem: " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("invalid configuration test.yaml"), e.getMessage());
    }

    @Test
    void notYamlAndMissingFile(@TempDir Path dir) {
        List<String> p = problems("listeners: [ { protocol: postgres\n");
        assertEquals(1, p.size());
        assertTrue(p.get(0).contains("not valid YAML"), p.toString());
        ConfigException missing = assertThrows(ConfigException.class, () -> loader.load(dir.resolve("none.yaml")));
        assertTrue(missing.getMessage().contains("none.yaml") && missing.problems().get(0).contains("cannot read"),
                missing.getMessage());
        assertFalse(missing.problems().isEmpty());
    }

    @Test
    void replicasWithDefaultsAndEveryField() {
        TurnoutConfig c = parse("""
                listeners:
                  - { protocol: postgres, bind: 127.0.0.1:6432, upstream: 127.0.0.1:5432 }
                replicas:
                  - { name: standby-1, url: "jdbc:postgresql://10.0.0.2:5432/app", user: monitor, password: pw }
                  - name: primary
                    url: jdbc:postgresql://10.0.0.1:5432/app
                    user: monitor
                    role: primary
                    expectReplicas: 2
                    pollIntervalMs: 250
                    failuresBeforeBreach: 5
                  - { name: maria-2, url: "jdbc:mariadb://10.0.0.3:3306/app", user: monitor, password: pw }
                """, null);
        assertEquals(3, c.replicas().size());
        ReplicaConfig standby = c.replicas().get(0);
        assertEquals(ReplicaConfig.Role.REPLICA, standby.role());
        assertEquals(Duration.ofMillis(500), standby.pollInterval());
        assertEquals(3, standby.failuresBeforeBreach());
        ReplicaConfig primary = c.replicas().get(1);
        assertEquals(ReplicaConfig.Role.PRIMARY, primary.role());
        assertEquals(2, primary.expectReplicas());
        assertEquals(Duration.ofMillis(250), primary.pollInterval());
        assertEquals(5, primary.failuresBeforeBreach());
        assertEquals("", primary.password());
        assertTrue(c.replicas().get(2).mysql());
    }

    @Test
    void replicaProblemsAreReportedByField() {
        List<String> p = problems("""
                listeners:
                  - { protocol: postgres, bind: 127.0.0.1:6432, upstream: 127.0.0.1:5432 }
                replicas:
                  - { name: a, url: "postgres://x/app", user: m, pollIntervalMs: 10 }
                  - { name: b, url: "jdbc:mysql://x/app", user: m, role: primary }
                  - { name: c, url: "jdbc:postgresql://x/app", role: leader, expectReplicas: 1, lagg: 1 }
                  - { name: d, url: "jdbc:postgresql://x/app", user: m, failuresBeforeBreach: 0 }
                  - { name: d, url: "jdbc:postgresql://y/app", user: m }
                """);
        assertProblem(p, "replicas[0].url", "must be a JDBC URL");
        assertProblem(p, "replicas[0].pollIntervalMs", "50..3600000");
        assertProblem(p, "replicas[1].role", "primary is for PostgreSQL");
        assertProblem(p, "replicas[2].user", "is required");
        assertProblem(p, "replicas[2].role", "must be replica or primary");
        assertProblem(p, "replicas[2].lagg", "unknown field");
        assertProblem(p, "replicas[3].failuresBeforeBreach", "1..1000");
        assertProblem(p, "replicas[4].name", "duplicate replica name 'd'");
    }
}
