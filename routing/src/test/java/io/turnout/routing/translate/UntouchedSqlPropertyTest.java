package io.turnout.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.turnout.routing.sql.Dialect;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: SQL that does not touch the migration comes back byte-identical. Random statements (seeded) built from
 * identifiers, quoted names, strings with the table's name inside, comments and odd whitespace.
 */
class UntouchedSqlPropertyTest {

    private static final List<String> WORDS = List.of("orders", "products", "user_id", "name", "users_x", "usersz",
            "total", "id", "email", "status");

    @Test
    void statementsNotMentioningTheTableAreUntouchedAndNotParsed() {
        Random random = new Random(20240601L);
        for (Dialect d : Dialect.values()) {
            Translator t = new Translator(d, Specs.RENAME);
            for (int i = 0; i < 3000; i++) {
                String sql = randomStatement(random, d, false);
                Translation tr = t.translate(sql);
                assertEquals(Verdict.PASSTHROUGH, tr.verdict(), sql);
                assertSame(sql, tr.oldPath(), sql);
            }
        }
    }

    @Test
    void statementsOnTheTableWithoutTheColumnAreByteIdentical() {
        Random random = new Random(7L);
        for (Dialect d : Dialect.values()) {
            Translator t = new Translator(d, Specs.RENAME);
            for (int i = 0; i < 300; i++) {
                String sql = randomStatement(random, d, true);
                Translation tr = t.translate(sql);
                if (tr.verdict() == Verdict.TRANSLATED) {
                    assertEquals(sql, tr.newRead(), sql);
                }
            }
        }
    }

    private static String randomStatement(Random r, Dialect d, boolean onUsers) {
        StringBuilder sb = new StringBuilder(r.nextBoolean() ? "SELECT " : "select\t");
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? (r.nextBoolean() ? ", " : ",") : "");
            String w = WORDS.get(r.nextInt(WORDS.size()));
            if (onUsers && w.equals("name")) {
                w = "email";
            }
            sb.append(r.nextInt(5) == 0 ? d.quote(w) : w);
        }
        sb.append(filler(r, d)).append(" FROM ").append(onUsers ? "users" : WORDS.get(r.nextInt(3)));
        sb.append(" WHERE id = ").append(d == Dialect.POSTGRES ? "$1" : "?").append(filler(r, d));
        if (r.nextBoolean()) {
            sb.append(" AND email = ").append(r.nextBoolean() ? "'users.name'" : d == Dialect.POSTGRES
                    ? "$tag$ users $tag$" : "\"users\"");
        }
        return sb.append(r.nextBoolean() ? ";" : "").toString();
    }

    private static String filler(Random r, Dialect d) {
        return switch (r.nextInt(4)) {
            case 0 -> " /* users.name */ ";
            case 1 -> d == Dialect.POSTGRES ? " -- users\n" : " # users\n";
            case 2 -> "\n\t ";
            default -> " ";
        };
    }
}
