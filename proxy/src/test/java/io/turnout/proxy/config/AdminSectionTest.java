package io.turnout.proxy.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code admin:} section of the configuration file. */
class AdminSectionTest {

    private static final String LISTENER = """
            listeners:
              - protocol: postgres
                bind: 127.0.0.1:6432
                upstream: 127.0.0.1:5432
            """;

    @TempDir
    Path dir;

    private TurnoutConfig parse(String admin) {
        return new ConfigLoader().parse(LISTENER + admin, "test.yaml", dir);
    }

    private String problems(String admin) {
        return String.join("\n", assertThrows(ConfigException.class, () -> parse(admin)).problems());
    }

    @Test
    void aFullSectionIsRead() throws IOException {
        Files.writeString(dir.resolve("admin.token"), "0123456789abcdef-from-file\n");
        Files.writeString(dir.resolve("db.pw"), "pw-from-file\n");
        AdminConfig a = parse("""
                admin:
                  bind: 127.0.0.1:9191
                  tokenFile: admin.token
                  instanceName: proxy-a
                  stateStore:
                    url: jdbc:postgresql://127.0.0.1:5432/app
                    user: turnout
                    passwordFile: db.pw
                    schema: turnout_state
                """).admin();
        assertEquals(new HostPort("127.0.0.1", 9191), a.bind());
        assertEquals("0123456789abcdef-from-file", a.token());
        assertEquals("proxy-a", a.instanceName());
        assertEquals(new StateStoreConfig("jdbc:postgresql://127.0.0.1:5432/app", "turnout", "pw-from-file",
                "turnout_state"), a.stateStore());
        assertTrue(!a.toString().contains("from-file"), "the token never shows in logs");
    }

    @Test
    void defaultsAreLoopbackAndMemoryOnly() {
        AdminConfig a = parse("admin:\n  token: 0123456789abcdef\n").admin();
        assertEquals(AdminConfig.DEFAULT_BIND, a.bind());
        assertNull(a.stateStore());
        assertNull(parse("").admin());
    }

    @Test
    void everyProblemIsNamedByItsField() {
        String p = problems("""
                admin:
                  bind: nowhere
                  colour: red
                  stateStore:
                    url: postgres://x
                    schema: "bad name"
                """);
        assertTrue(p.contains("admin.bind: expected host:port"), p);
        assertTrue(p.contains("admin.colour: unknown field"), p);
        assertTrue(p.contains("admin.token: is required"), p);
        assertTrue(p.contains("admin.stateStore.url: must start with jdbc:postgresql:"), p);
        assertTrue(p.contains("admin.stateStore.user: is required"), p);
        assertTrue(p.contains("admin.stateStore.schema: must be a plain identifier"), p);
        assertTrue(problems("admin:\n  token: short\n").contains("admin.token: must be at least 16"));
        assertTrue(problems("admin:\n  token: 0123456789abcdef\n  tokenFile: x\n")
                .contains("admin.tokenFile: give token or tokenFile, not both"));
        assertTrue(problems("admin:\n  tokenFile: missing.token\n").contains("admin.tokenFile: cannot read"));
        assertTrue(problems("admin: 3\n").contains("admin: must be a mapping"));
    }

    @Test
    void compareBudgetDefaultsAndOverrides() {
        assertEquals(CompareLimits.DEFAULTS, parse("admin:\n  token: 0123456789abcdef\n").admin().compare());
        AdminConfig a = parse("""
                admin:
                  token: 0123456789abcdef
                  compare:
                    maxPerSecond: 25.5
                    queue: 4
                """).admin();
        assertEquals(new CompareLimits(25.5, 4), a.compare());
        assertEquals(0, parse("admin:\n  token: 0123456789abcdef\n  compare: { maxPerSecond: 0 }\n").admin()
                .compare().maxPerSecond(), "0 turns compare off on this proxy");
    }

    @Test
    void compareBudgetProblemsAreNamedByField() {
        String p = problems("""
                admin:
                  token: 0123456789abcdef
                  compare:
                    maxPerSecond: -1
                    queue: 0
                    burst: 3
                """);
        assertTrue(p.contains("admin.compare.maxPerSecond: must be a number of samples per second"), p);
        assertTrue(p.contains("admin.compare.queue: must be a whole number of samples, 1 or more"), p);
        assertTrue(p.contains("admin.compare.burst: unknown field (expected one of [maxPerSecond, queue])"), p);
        assertTrue(problems("admin:\n  token: 0123456789abcdef\n  compare: { maxPerSecond: lots, queue: 2.5 }\n")
                .contains("admin.compare.maxPerSecond: must be a number"));
        assertTrue(problems("admin:\n  token: 0123456789abcdef\n  compare: { queue: 2.5 }\n")
                .contains("admin.compare.queue: must be a whole number"));
        assertTrue(problems("admin:\n  token: 0123456789abcdef\n  compare: 5\n")
                .contains("admin.compare: must be a mapping"));
    }
}
