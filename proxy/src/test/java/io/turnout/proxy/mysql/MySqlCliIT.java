package io.turnout.proxy.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.turnout.testkit.DbEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mariadb / mysql command-line client through the proxy (skipped with a message when not installed). */
class MySqlCliIT {
    private static ProxiedMariaDb db;
    private static String cli;

    @BeforeAll
    static void start() throws Exception {
        cli = findCli();
        assumeTrue(cli != null, "no mariadb or mysql command-line client on PATH: install Debian's mariadb-client");
        db = new ProxiedMariaDb("cli", s -> s.withClientTls(MySqlListenerSettings.ClientTls.selfSigned()));
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void scriptThroughTheProxy() throws Exception {
        String out = run(db.proxied, List.of("--batch", "--skip-column-names"), """
                CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));
                INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');
                SELECT v FROM t ORDER BY id;
                SELECT COUNT(*) FROM t; SELECT 'multi';
                USE information_schema;
                SELECT DATABASE();
                """);
        assertEquals("one\ntwo\nthree\n3\nmulti\ninformation_schema\n", out);
    }

    @Test
    void tlsToTheProxy() throws Exception {
        String out = run(db.proxied, List.of("--ssl"), "status\n");
        assertTrue(out.contains("Cipher in use"), out);
    }

    @Test
    void ed25519LoginGoesThroughAuthSwitch() throws Exception {
        DbEndpoint admin = ProxiedMariaDb.admin();
        String user = "ed_" + ProcessHandle.current().pid();
        try (Connection c = admin.connect("useSSL=false"); Statement s = c.createStatement()) {
            try {
                s.execute("INSTALL SONAME 'auth_ed25519'");
            } catch (SQLException alreadyOrMissing) {
                // 1968 "already installed" is fine; a missing plugin makes the CREATE USER below fail
            }
            try {
                s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('ed-secret')");
                s.execute("GRANT ALL ON " + db.direct.database() + ".* TO '" + user + "'@'%'");
            } catch (SQLException e) {
                assumeTrue(false, "server has no ed25519 plugin: " + e.getMessage());
            }
        }
        String out = run(db.proxied.withUser(user, "ed-secret"), List.of("--batch", "--skip-column-names"),
                "SELECT CURRENT_USER();\n");
        assertTrue(out.startsWith(user + "@"), out);
        String refused = runExpectingFailure(db.proxied.withUser(user, "wrong"), "SELECT 1;\n");
        assertTrue(refused.contains("1045"), refused);
    }

    private static String run(DbEndpoint target, List<String> extra, String script) throws Exception {
        Result r = exec(target, extra, script);
        assertEquals(0, r.exit, "mariadb exited with " + r.exit + ": " + r.err);
        return r.out;
    }

    private static String runExpectingFailure(DbEndpoint target, String script) throws Exception {
        Result r = exec(target, List.of(), script);
        assertTrue(r.exit != 0, "expected a failure, got: " + r.out);
        return r.err;
    }

    private record Result(int exit, String out, String err) {}

    private static Result exec(DbEndpoint target, List<String> extra, String script) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(cli, "--protocol=TCP", "-h", "127.0.0.1",
                "-P", String.valueOf(target.port()), "-u", target.user(), "-p" + target.password()));
        cmd.addAll(extra);
        cmd.add(target.database());
        Path in = Files.createTempFile("turnout-cli", ".sql");
        try {
            Files.writeString(in, script, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mariadb client did not finish");
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(in);
        }
    }

    private static String findCli() throws IOException {
        for (String name : List.of("mariadb", "mysql")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }
}
