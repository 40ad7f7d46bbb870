package io.turnout.proxy.cli;

import io.turnout.proxy.admin.AdminRuntime;
import io.turnout.proxy.config.AdminConfig;
import io.turnout.proxy.config.HostPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code turnout migrations ...} against a running admin API (state in memory: the store has its own tests). */
class MigrationsCliTest {

    private static AdminRuntime runtime;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        runtime = AdminRuntime.start(new AdminConfig(new HostPort("127.0.0.1", 0), "cli-token", "cli", null),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** Exit code, standard output and standard error of one command. */
    record Run(int exit, String out, String err) {
    }

    static Run turnout(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TurnoutCli.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--admin";
        all[args.length + 1] = runtime.url();
        all[args.length + 2] = "--token";
        all[args.length + 3] = "cli-token";
        return new Run(cl.execute(all), out.toString(), err.toString());
    }

    static Run ok(String... args) {
        Run r = turnout(args);
        assertEquals(0, r.exit(), String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err());
        return r;
    }

    @Test
    void aMigrationIsDrivenFromTheCommandLine() throws IOException {
        Path file = Files.writeString(dir.resolve("migrations.yaml"), """
                version: 1
                migrations:
                  - id: c1
                    kind: rename-column
                    table: users
                    column: name
                    to: full_name
                  - id: c2
                    kind: move-table
                    table: orders
                    to: orders_v2
                """);
        assertTrue(ok("migrations", "validate", "--file", file.toString()).out().contains("c1: valid"));
        Run created = ok("migrations", "create", "--file", file.toString(), "--reason", "ticket 9");
        assertTrue(created.out().contains("c2") && created.out().contains("move-table"), created.out());
        Run list = ok("migrations", "list");
        assertTrue(list.out().startsWith("ID"), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("c1") && l.contains("off") && l.contains("armed")),
                list.out());

        ok("migrations", "phase", "c1", "dual-write", "--reason", "expand done", "--actor", "ann");
        assertEquals("c1: dual-write (version 2)\n", ok("migrations", "phase", "c1").out());
        ok("migrations", "phase", "c1", "shadow");
        ok("migrations", "compare", "c1", "10");
        assertTrue(ok("migrations", "compare", "c1").out().contains("compare-percent 10%"));
        ok("migrations", "phase", "c1", "live");
        ok("migrations", "percent", "c1", "5");
        assertTrue(ok("migrations", "percent", "c1").out().contains("read-percent 5%"));
        ok("migrations", "thresholds", "c1", "--max-error-rate", "0.02");
        assertTrue(ok("migrations", "thresholds", "c1").out().contains("0.02"));
        ok("migrations", "ramp", "start", "c1", "--steps", "10,50,100", "--dwell", "300");
        assertTrue(ok("migrations", "ramp", "show", "c1").out().contains("running"));
        ok("migrations", "ramp", "pause", "c1");
        ok("migrations", "ramp", "resume", "c1");
        Run tripped = ok("migrations", "trip", "c1", "--reason", "drill");
        assertTrue(tripped.out().contains("TRIPPED"), tripped.out());
        assertTrue(ok("migrations", "breaker", "c1").out().contains("drill"));
        ok("migrations", "rearm", "c1");
        assertTrue(ok("migrations", "get", "c1").out().contains("spec.to"));
        ok("migrations", "stats", "c1");
        assertTrue(ok("migrations", "evidence", "c1").out().contains("no confirmed mismatch"));
        ok("migrations", "untranslatable");

        Run audit = ok("migrations", "audit", "c1");
        assertTrue(audit.out().lines().anyMatch(l -> l.contains("ann") && l.contains("set-phase")
                && l.contains("dual-write") && l.contains("expand done")), audit.out());
        Run json = ok("migrations", "get", "c1", "--json");
        assertTrue(json.out().contains("\"phase\" : \"live\""), json.out());
    }

    @Test
    void refusalsPrintTheStatusTheFieldAndTheReason() {
        ok("migrations", "create", "--file", write("e1.yaml", "id: e1\nkind: rename-column\ntable: t\ncolumn: a\nto: b\n"));
        Run bad = turnout("migrations", "percent", "e1", "150");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("400") && bad.err().contains("[field: percent]"), bad.err());
        Run conflict = turnout("migrations", "phase", "e1", "live");
        assertEquals(1, conflict.exit());
        assertTrue(conflict.err().contains("409") && conflict.err().contains("next is dual-write"), conflict.err());
        Run stale = turnout("migrations", "phase", "e1", "dual-write", "--expect-version", "9");
        assertTrue(stale.err().contains("409") && stale.err().contains("you sent version 9"), stale.err());
        Run missing = turnout("migrations", "get", "nope");
        assertTrue(missing.err().contains("404"), missing.err());
        Run invalid = turnout("migrations", "create", "--file", write("e2.yaml", "id: e2\nkind: rename-column\n"
                + "table: t\ncolumn: a\n"));
        assertTrue(invalid.err().contains("[field: to]"), invalid.err());

        StringWriter err = new StringWriter();
        CommandLine cl = TurnoutCli.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("migrations", "list", "--admin", runtime.url(), "--token", "wrong");
        assertEquals(1, code);
        assertTrue(err.toString().contains("403"), err.toString());
    }

    private static String write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
