package io.turnout.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnout.routing.sql.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A same-named column of another table is never renamed; unprovable bindings are refused, never guessed. */
class ColumnScopeTest {

    private final Translator pg = new Translator(Dialect.POSTGRES, Specs.RENAME);
    private final Translator my = new Translator(Dialect.MYSQL, Specs.RENAME);

    @Test
    void otherTablesKeepTheirName() {
        List<String> statements = List.of(
                "SELECT p.name, u.name FROM products p JOIN users u ON u.id = p.id",
                "SELECT name FROM products WHERE id IN (SELECT id FROM users WHERE name = 'x')",
                "SELECT (SELECT p.name FROM products p WHERE p.id = u.id) FROM users u",
                "WITH p AS (SELECT name FROM products) SELECT p.name FROM p JOIN users u ON u.name = p.name",
                "SELECT t.name FROM (SELECT name FROM products) t, users u WHERE u.id = 1",
                "SELECT products.name FROM products, users WHERE users.name = products.name",
                "UPDATE products SET name = (SELECT u.name FROM users u WHERE u.id = products.id)",
                "INSERT INTO products (id, name) SELECT id, name FROM users");
        for (Translator t : List.of(pg, my)) {
            for (String sql : statements) {
                Translation tr = t.translate(sql);
                assertEquals(Verdict.TRANSLATED, tr.verdict(), sql + ": " + tr.reason());
                String out = tr.newRead() != null ? tr.newRead() : tr.dualWrite().statements().get(0).sql();
                assertEquals(count(sql, "products") , count(out, "products"), out);
                int productNames = count(sql.replaceAll("u\\.name|users\\.name", ""), "name");
                assertTrue(count(out, "name") >= productNames, "a products.name was renamed: " + out);
                assertFalse(out.contains("p.full_name") || out.contains("products.full_name")
                        || out.contains("t.full_name"), out);
            }
        }
    }

    /** Random qualified joins of users with products (both have a name column): only users' name is renamed. */
    @Test
    void randomJoinsNeverRenameAnotherTablesColumn() {
        java.util.Random r = new java.util.Random(42);
        String[] userAliases = {"u", "usr", "\"U\"", "users"};
        for (int i = 0; i < 500; i++) {
            Dialect d = r.nextBoolean() ? Dialect.POSTGRES : Dialect.MYSQL;
            String ua = userAliases[r.nextInt(userAliases.length)];
            if (d == Dialect.MYSQL && ua.startsWith("\"")) {
                ua = "`U`";
            }
            String pa = r.nextBoolean() ? "p" : "prod";
            StringBuilder items = new StringBuilder();
            int userRefs = 0;
            int productRefs = 0;
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                boolean user = r.nextBoolean();
                items.append(k > 0 ? ", " : "").append(user ? ua : pa).append(".name");
                if (r.nextBoolean()) {
                    items.append(" AS c").append(k);
                }
                userRefs += user ? 1 : 0;
                productRefs += user ? 0 : 1;
            }
            String from = ua.equals("users") ? "users" : "users " + ua;
            String sql = "SELECT " + items + " FROM " + from + " JOIN products " + pa + " ON " + pa + ".name = "
                    + ua + ".name";
            Translation t = new Translator(d, Specs.RENAME).translate(sql);
            assertEquals(Verdict.TRANSLATED, t.verdict(), sql + ": " + t.reason());
            assertEquals(productRefs + 1, count(t.newRead(), pa + ".name"), t.newRead());
            assertEquals(userRefs + 1, count(t.newRead(), ua + ".full_name"), t.newRead());
        }
    }

    @Test
    void derivedTableColumnsResolveToTheDerivedTable() {
        Translation t = pg.translate("SELECT x.name FROM (SELECT name FROM users) x");
        assertEquals("SELECT x.name FROM (SELECT full_name AS name FROM users) x", t.newRead());
    }

    @Test
    void unqualifiedColumnNextToAnotherTableIsRefused() {
        Translation t = pg.translate("SELECT name FROM users u JOIN products p ON p.id = u.id");
        assertEquals(Verdict.UNTRANSLATABLE, t.verdict());
        assertTrue(t.reason().contains("qualify"), t.reason());
        assertTrue(t.fingerprint() != null);
    }

    @Test
    void correlatedReferenceThroughUnknownTableIsRefused() {
        Translation t = pg.translate("SELECT (SELECT name FROM products) FROM users");
        assertEquals(Verdict.UNTRANSLATABLE, t.verdict(), t.newRead());
    }

    @Test
    void excludedAndValuesBelongToTheTarget() {
        Translation t = new Translator(Dialect.POSTGRES, Specs.MOVE).translate(
                "INSERT INTO orders (id, user_id, total) VALUES (1, 1, 2) ON CONFLICT (id) DO UPDATE SET total ="
                        + " EXCLUDED.total + orders.total");
        assertEquals(Verdict.TRANSLATED, t.verdict(), t.reason());
        String replay = t.dualWrite().statements().get(1).sql();
        assertTrue(replay.contains("EXCLUDED.total_amount"), replay);
        assertTrue(replay.contains("total_amount ="), replay);
        Translation m = new Translator(Dialect.MYSQL, Specs.MOVE).translate(
                "INSERT INTO orders (id, user_id, total) VALUES (1, 1, 2) ON DUPLICATE KEY UPDATE total = VALUES(total)");
        assertEquals("INSERT INTO orders_v2 (id, user_id, total_amount) VALUES (1, 1, 2) ON DUPLICATE KEY UPDATE "
                + "total_amount = VALUES(total_amount)", m.dualWrite().statements().get(1).sql());
    }

    private static int count(String s, String word) {
        int n = 0;
        for (int i = s.indexOf(word); i >= 0; i = s.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }
}
