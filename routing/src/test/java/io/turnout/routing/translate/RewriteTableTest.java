package io.turnout.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.sql.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rewrite tables with caret markers: in the expected text, {@code ^...^} marks what the translator wrote; every
 * byte outside the markers must be the original's, in order (text no edit touches stays byte-identical).
 */
class RewriteTableTest {

    static Stream<Arguments> reads() {
        return Stream.of(
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users", "SELECT ^full_name^^ AS name^ FROM users"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT \"Users\".\"name\" FROM users \"Users\"",
                        "SELECT \"Users\".^\"full_name\"^^ AS \"name\"^ FROM users \"Users\""),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT Name AS who FROM Users WHERE NAME = $1",
                        "SELECT ^full_name^ AS who FROM Users WHERE ^full_name^ = $1"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT \"NAME\" FROM users",
                        "SELECT \"NAME\" FROM users"),
                row(Dialect.POSTGRES, Specs.RENAME, "select id/*x*/,name--y\nfrom users",
                        "select id/*x*/,^full_name^^ AS name^--y\nfrom users"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name::varchar(10) FROM users",
                        "SELECT ^full_name^::varchar(10)^ AS name^ FROM users"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT 'name', $$name$$, E'\\'name' FROM users",
                        "SELECT 'name', $$name$$, E'\\'name' FROM users"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT p.name FROM products p WHERE p.id IN (SELECT id FROM users u"
                        + " WHERE u.name = p.name)",
                        "SELECT p.name FROM products p WHERE p.id IN (SELECT id FROM users u WHERE u.^full_name^ = p.name)"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT upper(name) FROM users",
                        "SELECT upper(^full_name^) FROM users"),
                row(Dialect.POSTGRES, Specs.REPLACE_PG, "SELECT p.price FROM products p",
                        "SELECT ^((p.price_cents / 100.0)::numeric(10,2))^^ AS price^ FROM products p"),
                row(Dialect.POSTGRES, Specs.MOVE, "SELECT orders.total FROM orders",
                        "SELECT orders.^total_amount^^ AS total^ FROM ^orders_v2^^ orders^"),
                row(Dialect.POSTGRES, Specs.MOVE, "SELECT o.id FROM public.orders o",
                        "SELECT o.id FROM public.^orders_v2^ o"),
                row(Dialect.POSTGRES, Specs.SPLIT, "SELECT u.bio FROM users u",
                        "SELECT ^tsplit_user_profiles.bio^ FROM users u^ LEFT JOIN user_profiles tsplit_user_profiles ON"
                                + " tsplit_user_profiles.user_id = u.id^"),
                row(Dialect.MYSQL, Specs.RENAME, "SELECT `name` FROM `users`",
                        "SELECT ^`full_name`^^ AS `name`^ FROM `users`"),
                row(Dialect.MYSQL, Specs.RENAME, "SELECT LOWER(name) FROM users # c\n",
                        "SELECT LOWER(^full_name^)^ AS `LOWER(name)`^ FROM users # c\n"),
                row(Dialect.MYSQL, Specs.RENAME, "SELECT \"name\", 'name' FROM users WHERE name = 'a\\'b'",
                        "SELECT \"name\", 'name' FROM users WHERE ^full_name^ = 'a\\'b'"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT data->>'k', name FROM users WHERE data @> '{}' AND tags ? 'x'",
                        "SELECT data->>'k', ^full_name^^ AS name^ FROM users WHERE data @> '{}' AND tags ? 'x'"),
                row(Dialect.MYSQL, Specs.RENAME, "SELECT name FROM users FORCE INDEX (ix) WHERE name REGEXP 'A.*'",
                        "SELECT ^full_name^^ AS name^ FROM users FORCE INDEX (ix) WHERE ^full_name^ REGEXP 'A.*'"),
                row(Dialect.MYSQL, Specs.RENAME, "SELECT STRAIGHT_JOIN u.name FROM orders o STRAIGHT_JOIN users u ON"
                        + " u.id = o.user_id", "SELECT STRAIGHT_JOIN u.^full_name^^ AS name^ FROM orders o STRAIGHT_JOIN"
                        + " users u ON u.id = o.user_id"),
                row(Dialect.MYSQL, Specs.MOVE, "SELECT SUM(total) FROM orders",
                        "SELECT SUM(^total_amount^)^ AS `SUM(total)`^ FROM ^orders_v2^"));
    }

    static Stream<Arguments> writes() {
        return Stream.of(
                row(Dialect.POSTGRES, Specs.RENAME, "UPDATE users SET name = $1 WHERE id = $2",
                        "UPDATE users SET name = $1^, full_name = $1^ WHERE id = $2"),
                row(Dialect.POSTGRES, Specs.RENAME, "INSERT INTO users (\"name\") VALUES ('x')",
                        "INSERT INTO users (\"name\"^, \"full_name\"^) VALUES ('x'^, 'x'^)"),
                row(Dialect.MYSQL, Specs.RENAME, "INSERT INTO users (name, id) VALUES (?, ?), (?, ?)",
                        "INSERT INTO users (name^, full_name^, id) VALUES (?^, name^, ?), (?^, name^, ?)"),
                row(Dialect.MYSQL, Specs.RENAME, "UPDATE users SET name = ? LIMIT 1",
                        "UPDATE users SET name = ?^, full_name = name^ LIMIT 1"),
                row(Dialect.POSTGRES, Specs.REPLACE_PG, "UPDATE products SET price = 2 WHERE id = 1",
                        "UPDATE products SET price = 2^, price_cents = round(CAST((2) AS numeric(10,2)) * 100)::bigint^"
                                + " WHERE id = 1"));
    }

    private static Arguments row(Dialect d, MigrationSpec spec, String sql, String expected) {
        return Arguments.of(d, spec, sql, expected);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("reads")
    void reads(Dialect dialect, MigrationSpec spec, String sql, String expected) throws Exception {
        Translation t = new Translator(dialect, spec).translate(sql);
        assertEquals(Verdict.TRANSLATED, t.verdict(), t.reason());
        check(sql, expected, t.newRead());
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("writes")
    void writes(Dialect dialect, MigrationSpec spec, String sql, String expected) throws Exception {
        Translation t = new Translator(dialect, spec).translate(sql);
        assertEquals(Verdict.TRANSLATED, t.verdict(), t.reason());
        check(sql, expected, t.dualWrite().statements().get(0).sql());
    }

    static void check(String original, String expected, String actual) {
        List<String> outside = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        boolean inside = false;
        StringBuilder segment = new StringBuilder();
        for (char c : expected.toCharArray()) {
            if (c == '^') {
                if (!inside) {
                    outside.add(segment.toString());
                }
                segment.setLength(0);
                inside = !inside;
            } else {
                segment.append(c);
                plain.append(c);
            }
        }
        outside.add(segment.toString());
        assertEquals(plain.toString(), actual);
        int at = 0;
        for (String piece : outside) {
            int found = original.indexOf(piece, at);
            assertTrue(found >= 0 && (at > 0 || found == 0), "untouched text '" + piece + "' is not the original's");
            at = found + piece.length();
        }
        assertTrue(at == original.length() || outside.get(outside.size() - 1).isEmpty(), "original tail changed");
    }
}
