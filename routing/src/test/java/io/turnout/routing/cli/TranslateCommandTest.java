package io.turnout.routing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TranslateCommandTest {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new TranslateCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        int code = cl.execute(args);
        return code + "\n" + out;
    }

    @Test
    void printsTheTranslationAsJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, "migrations: [{id: m1, kind: rename-column, table: users, column: name, to: full_name}]");
        String out = run("--migrations", file.toString(), "--migration", "m1", "--dialect", "mysql",
                "--sql", "SELECT name FROM users");
        assertTrue(out.startsWith("0\n"), out);
        JsonNode json = new ObjectMapper().readTree(out.substring(2));
        assertEquals("TRANSLATED", json.get("verdict").asText());
        assertEquals("SELECT full_name AS name FROM users", json.get("newRead").asText());
        assertTrue(run("--migrations", file.toString(), "--migration", "nope", "--sql", "x").startsWith("2\n"));
    }

    @Test
    void checksACorpusAgainstADatabase(@TempDir Path dir) throws Exception {
        DbEndpoint db = DatabaseHarness.postgres().freshDatabase("cli_corpus");
        String url = db.jdbcUrl("user=" + db.user() + "&password=" + URLEncoder.encode(db.password(),
                StandardCharsets.UTF_8));
        Path corpus = dir.resolve("c.yaml");
        String full = Files.readString(Path.of(TranslateCommandTest.class.getResource("/extra-postgres.yaml").toURI()));
        Files.writeString(corpus, full.substring(0, full.indexOf("statements:")) + "statements:\n"
                + "  - {id: a, migration: m1, shape: old, expect: read, sql: 'SELECT name FROM users ORDER BY id'}\n"
                + "  - {id: b, migration: m1, shape: old, expect: write, sql: \"UPDATE users SET name = 'z'\"}\n");
        String out = run("--corpus", corpus.toString(), "--jdbc", url);
        assertTrue(out.startsWith("0\n"), out);
        assertTrue(out.trim().endsWith("2 passed, 0 failed"), out);
    }
}
