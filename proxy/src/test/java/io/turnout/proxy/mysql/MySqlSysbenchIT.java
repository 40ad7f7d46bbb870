package io.turnout.proxy.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.turnout.proxy.pg.NoLeakReports;
import io.turnout.testkit.DbEndpoint;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * sysbench through the MySQL listener: oltp_point_select and oltp_read_write, prepared and not, 8 threads, 30 s each
 * ({@code -Dturnout.sysbench.seconds=N}). Skipped with a message when sysbench is not installed.
 */
@ExtendWith(NoLeakReports.class)
class MySqlSysbenchIT {
    private static final Path SYSBENCH = Path.of("/usr/bin/sysbench");
    private static ProxiedMariaDb db;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(SYSBENCH), "sysbench not installed at " + SYSBENCH + " (apt-get install sysbench)");
        db = new ProxiedMariaDb("sysbench");
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void pointSelectAndReadWriteInBothPreparedModesWithoutErrors() throws Exception {
        Result prepare = sysbench("oltp_read_write", "auto", "prepare", 0);
        assertEquals(0, prepare.exit(), prepare.out());
        int seconds = Integer.getInteger("turnout.sysbench.seconds", 30);
        for (String test : List.of("oltp_point_select", "oltp_read_write")) {
            for (String psMode : List.of("auto", "disable")) {
                Result r = sysbench(test, psMode, "run", seconds);
                String what = test + " --db-ps-mode=" + psMode;
                assertEquals(0, r.exit(), what + ":\n" + r.out());
                long transactions = number(r.out(), "transactions:\\s+(\\d+)");
                long errors = number(r.out(), "ignored errors:\\s+(\\d+)");
                System.out.println("sysbench " + what + " --threads=8 --time=" + seconds + " through Turnout: "
                        + transactions + " transactions, " + errors + " errors");
                assertTrue(transactions > 100, what + ": only " + transactions + " transactions\n" + r.out());
                if (test.equals("oltp_point_select")) {
                    assertEquals(0, errors, what + ": " + r.out());
                } else {
                    // sysbench ignores (and retries) only InnoDB deadlocks, lock wait timeouts and "record changed"
                    // (1213, 1205, 1020): row-lock conflicts between its own writers, which direct runs have too.
                    // Any other error is fatal (non-zero exit above). They must stay rare.
                    assertTrue(errors * 1000 <= transactions, what + ": " + errors + " ignored errors\n" + r.out());
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.listener.activeConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, db.listener.activeConnections(), "every sysbench session closed");
    }

    private static Result sysbench(String test, String psMode, String command, int seconds) throws Exception {
        DbEndpoint p = db.proxied;
        // 8 tables of 10,000 rows: row-lock deadlocks between 8 writers (the server's own, not the proxy's) are rare;
        // a fatal error ends sysbench with a non-zero exit
        List<String> cmd = new ArrayList<>(List.of(SYSBENCH.toString(), test, "--db-driver=mysql",
                "--mysql-host=127.0.0.1", "--mysql-port=" + p.port(), "--mysql-user=" + p.user(),
                "--mysql-password=" + p.password(), "--mysql-db=" + p.database(), "--tables=8",
                "--table-size=10000", "--threads=8", "--db-ps-mode=" + psMode));
        if (seconds > 0) {
            cmd.add("--time=" + seconds);
        }
        cmd.add(command);
        File log = Files.createTempFile("turnout-sysbench", ".log").toFile();
        try {
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
            assertTrue(proc.waitFor(seconds + 120L, TimeUnit.SECONDS), "sysbench " + test + " did not finish");
            return new Result(proc.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log.toPath());
        }
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no '" + regex + "' in:\n" + text);
        return Long.parseLong(m.group(1));
    }

    private record Result(int exit, String out) {
    }
}
