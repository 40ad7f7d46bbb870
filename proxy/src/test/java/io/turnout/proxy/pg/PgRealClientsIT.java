package io.turnout.proxy.pg;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** libpq clients through the proxy: a psql script and pgbench in three query modes. Skipped without the binaries. */
@ExtendWith(NoLeakReports.class)
class PgRealClientsIT {

    private static final Path PSQL = Path.of("/usr/bin/psql");
    private static final Path PGBENCH = Path.of("/usr/bin/pgbench");

    private static SelfSignedCertificate cert;
    private static PgProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        cert = new SelfSignedCertificate("localhost");
        proxy = PgProxyFixture.start("clients", new TlsConfig(cert.certificate().toPath(), cert.privateKey().toPath(),
                false, TlsConfig.ServerTlsMode.DISABLE, null), Limits.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        cert.delete();
    }

    record Result(int exit, String out, String err) {
    }

    @Test
    void psqlScriptWithCopyMultiStatementAndAnError(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(PSQL), "psql not installed at " + PSQL + " (apt-get install postgresql-client)");
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            csv.append(i).append(",item ").append(i).append('\n');
        }
        Path in = Files.writeString(dir.resolve("in.csv"), csv);
        Path out = dir.resolve("out.csv");
        Path script = Files.writeString(dir.resolve("script.sql"), String.join("\n",
                "CREATE TABLE items (id int PRIMARY KEY, name text);",
                "\\copy items FROM '" + in + "' WITH (FORMAT csv)",
                "SELECT 'rows=' || count(*) FROM items;",
                "SELECT 'a=' || 1 \\; SELECT 'b=' || 2;",
                "SELECT 1/0;",
                "BEGIN;",
                "INSERT INTO items VALUES (5000, 'rolled back');",
                "ROLLBACK;",
                "\\copy (SELECT * FROM items ORDER BY id) TO '" + out + "' WITH (FORMAT csv)",
                "SELECT 'after=' || count(*) FROM items;",
                ""));
        Result r = run(List.of(PSQL.toString(), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=0", "-f", script.toString(),
                url(proxy.proxied(), "sslmode=disable")), Duration.ofSeconds(60));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("rows=1000"), r.out());
        assertTrue(r.out().contains("a=1") && r.out().contains("b=2"), "both results of a multi-statement query: "
                + r.out());
        assertTrue(r.err().contains("division by zero"), r.err());
        assertTrue(r.out().contains("after=1000"), "the session survives the error: " + r.out());
        assertEquals(csv.toString(), Files.readString(out), "\\copy out returns what \\copy in stored");
    }

    @Test
    void psqlOverTlsWithChannelBindingPrefer() throws Exception {
        assumeTrue(Files.isExecutable(PSQL), "psql not installed at " + PSQL);
        Result r = run(List.of(PSQL.toString(), "-X", "-A", "-t", "-c", "SELECT 'tls-ok'",
                url(proxy.proxied(), "sslmode=require&channel_binding=prefer")), Duration.ofSeconds(30));
        assertEquals(0, r.exit(), r.err());
        assertEquals("tls-ok", r.out().trim());
    }

    @Test
    void pgbenchTpcbAndSelectOnlyInSimpleExtendedAndPreparedModes() throws Exception {
        assumeTrue(Files.isExecutable(PGBENCH), "pgbench not installed at " + PGBENCH
                + " (apt-get install postgresql-contrib)");
        String url = url(proxy.proxied(), "sslmode=disable");
        Result init = run(List.of(PGBENCH.toString(), "-i", "-s", "1", "-q", url), Duration.ofSeconds(120));
        assertEquals(0, init.exit(), init.err());
        // the issue's load: 8 clients, TPC-B and select-only, each query mode, 30 s each (-Dturnout.pgbench.seconds=N)
        int seconds = Integer.getInteger("turnout.pgbench.seconds", 30);
        for (String mode : List.of("prepared", "simple", "extended")) {
            for (String script : List.of("tpcb", "select-only")) {
                List<String> command = new ArrayList<>(List.of(PGBENCH.toString(), "-c", "8", "-j", "2",
                        "-T", String.valueOf(seconds), "-M", mode));
                if (script.equals("select-only")) {
                    command.add("-S");
                }
                command.add(url);
                Result r = run(command, Duration.ofSeconds(seconds + 60L));
                String what = script + " -M " + mode;
                assertEquals(0, r.exit(), what + ": " + r.out() + r.err());
                long processed = number(r.out(), "number of transactions actually processed: (\\d+)");
                long failed = number(r.out(), "number of failed transactions: (\\d+)");
                System.out.println("pgbench " + what + " -c 8 -T " + seconds + " through Turnout: " + processed
                        + " transactions, " + failed + " failed");
                assertTrue(processed > 100, what + ": only " + processed + " transactions\n" + r.out());
                assertEquals(0, failed, what + ": " + r.out());
            }
        }
        assertEquals(0, proxy.awaitActiveSessions(0, Duration.ofSeconds(5)));
        assertEquals(0, proxy.awaitServerSessions(0, Duration.ofSeconds(5)));
    }

    private static String url(DbEndpoint e, String options) {
        return "postgresql://" + e.user() + "@" + e.host() + ":" + e.port() + "/" + e.database() + "?" + options;
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no '" + regex + "' in:\n" + text);
        return Long.parseLong(m.group(1));
    }

    private static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().put("PGPASSWORD", proxy.direct().password());
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        Path outFile = Files.createTempFile("turnout-client", ".out");
        Path errFile = Files.createTempFile("turnout-client", ".err");
        pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), command + " did not finish in " + timeout);
            return new Result(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
                    Files.readString(errFile, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }
}
