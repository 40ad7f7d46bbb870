package io.turnout.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.turnout.routing.cache.TranslationCache;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.sql.Dialect;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Key extraction tables with caret markers: {@code ^...^} marks the value the translator must report as the read's
 * sticky key (a literal, or a parameter); a statement without markers has no key.
 */
class StickyKeyTest {

    static Stream<Arguments> reads() {
        return Stream.of(
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = ^42^"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = ^$1^"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE name = $1 AND id = ^$2^"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE ^$3^ = users.id AND $1 < $2"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users u WHERE u.id = ^'42'^ ORDER BY 1 LIMIT 1"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE (id = ^$1^::bigint) AND active"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE \"id\" = ^7^ AND (a = 1 OR b = 2)"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT u.name, p.name FROM users u JOIN products p ON p.id = u.id"
                        + " WHERE u.id = ^$1^"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT full_name FROM users WHERE id = ^$1^"),
                row(Dialect.POSTGRES, Specs.MOVE, "SELECT total FROM orders WHERE id = ^$1^"),
                row(Dialect.POSTGRES, Specs.MOVE, "SELECT total_amount FROM orders_v2 WHERE id = ^5^"),
                row(Dialect.POSTGRES, Specs.SPLIT, "SELECT bio FROM users WHERE id = ^$1^"),
                row(Dialect.MYSQL, Specs.RENAME, "SELECT name FROM users WHERE name = ? AND id = ^?^"),
                row(Dialect.MYSQL, Specs.RENAME, "SELECT name FROM users WHERE id = ^-5^"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = CAST(^$1^ AS bigint)"),
                row(Dialect.MYSQL, Specs.RENAME, "SELECT name FROM users WHERE id = CAST(^?^ AS SIGNED)"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = CAST((^'01'^) AS bigint)"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = (^'1'^::int8)"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = ^$1^::int8 AND name = $2::text"),
                row(Dialect.MYSQL, Specs.RENAME, "SELECT `name` FROM `users` WHERE `id` = ^'9'^"),
                // no key: not the simple, unambiguous case
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = 1 OR id = 2"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id IN (1, 2)"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id > $1"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = $1 + 1"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = other_id"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = 1 AND id = 2"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE NOT (id = 1)"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = E'1'"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT u.name FROM users u JOIN products p ON p.id = u.id"
                        + " WHERE id = 3"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM products WHERE id = 3 AND name IN"
                        + " (SELECT name FROM users WHERE id = 4)"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users WHERE id = 1 UNION SELECT name FROM users"
                        + " WHERE id = 2"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT x.name FROM (SELECT id, name FROM users) x WHERE x.id = 1"),
                row(Dialect.POSTGRES, Specs.RENAME, "SELECT name FROM users"),
                row(Dialect.MYSQL, Specs.RENAME, "SELECT name FROM users WHERE id = 'a\\'b'"));
    }

    private static Arguments row(Dialect dialect, MigrationSpec spec, String marked) {
        return Arguments.of(dialect, spec, marked);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("reads")
    void reportsTheKeyValueOrNone(Dialect dialect, MigrationSpec spec, String marked) {
        String sql = marked.replace("^", "");
        Translation t = new Translator(dialect, spec).translate(sql);
        assertEquals(Verdict.TRANSLATED, t.verdict(), t.reason());
        assertEquals(StatementKind.READ, t.kind());
        assertEquals(expected(dialect, marked), t.stickyKey(), sql);
    }

    /** The key the markers name: a parameter by its number, a literal by its value. */
    private static StickyKey expected(Dialect dialect, String marked) {
        int open = marked.indexOf('^');
        if (open < 0) {
            return null;
        }
        String value = marked.substring(open + 1, marked.indexOf('^', open + 1));
        if (value.startsWith("$")) {
            return StickyKey.parameter(Integer.parseInt(value.substring(1)));
        }
        if (value.equals("?")) {
            String before = marked.substring(0, open);
            return StickyKey.parameter((int) before.chars().filter(c -> c == '?').count() + 1);
        }
        return StickyKey.literal(StickyKey.decodeLiteral(dialect, value));
    }

    @Test
    void oneKeyHashesTheSameHoweverItArrives() {
        assertEquals("42", StickyKey.normalise(42L));
        assertEquals("42", StickyKey.normalise("42"));
        assertEquals("42", StickyKey.decodeLiteral(Dialect.POSTGRES, "'42'"));
        assertEquals("42", StickyKey.decodeLiteral(Dialect.MYSQL, "042"));
        assertEquals("42", StickyKey.normalise(new java.math.BigDecimal("42.00")));
        assertEquals("42", StickyKey.normalise(42.0d));
        assertEquals("-3.5", StickyKey.normalise("-3.50"));
        assertEquals("0", StickyKey.normalise("-0"));
        assertEquals("it's", StickyKey.decodeLiteral(Dialect.POSTGRES, "'it''s'"));
        assertEquals("a2b", StickyKey.normalise("a2b"));
        assertEquals("42", StickyKey.parameter(2).value(n -> n == 2 ? 42 : null));
        assertNull(StickyKey.parameter(2).value(n -> null));
    }

    @Test
    void integersTakeTheShortCutToTheSameText() {
        for (long v : new long[] {0, 1, -1, 7, -42, 100, 999_999_999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            String slow = StickyKey.normalise(new java.math.BigDecimal(v).toString() + ".0");
            assertEquals(slow, StickyKey.normalise(v), "long " + v);
            assertEquals(slow, StickyKey.normalise(String.valueOf(v)), "text " + v);
        }
        assertEquals("5", StickyKey.normalise((short) 5));
        assertEquals("-5", StickyKey.normalise((byte) -5));
        assertEquals("-5", StickyKey.normalise(-5));
        assertEquals("7", StickyKey.normalise("007"));
        assertEquals("0", StickyKey.normalise("-00"));
        assertEquals("12", StickyKey.normalise("+12"));
        assertEquals("-", StickyKey.normalise("-"));
        assertEquals("", StickyKey.normalise(""));
    }

    @Test
    void aConfiguredStickyColumnReplacesTheKeyAndSessionTurnsKeysOff() {
        MigrationSpec tenant = withStickyKey(Specs.RENAME, "tenant_id");
        Translator pg = new Translator(Dialect.POSTGRES, tenant);
        assertEquals(StickyKey.parameter(2), pg.translate("SELECT name FROM users WHERE id = $1 AND tenant_id = $2")
                .stickyKey());
        assertNull(pg.translate("SELECT name FROM users WHERE id = $1").stickyKey());
        Translator session = new Translator(Dialect.POSTGRES, withStickyKey(Specs.RENAME, "session"));
        assertNull(session.translate("SELECT name FROM users WHERE id = $1").stickyKey());
        MigrationSpec renamedKey = withStickyKey(Specs.MOVE, "total");
        assertEquals(StickyKey.literal("3"), new Translator(Dialect.POSTGRES, renamedKey)
                .translate("SELECT id FROM orders_v2 WHERE total_amount = 3").stickyKey());
    }

    @Test
    void statementsAnsweredByALiteralTemplateCarryTheirOwnValue() {
        TranslationCache cache = new TranslationCache(100);
        Translator pg = new Translator(Dialect.POSTGRES, Specs.RENAME);
        for (String v : new String[] {"1", "'2'", "3", "004"}) {
            Translation t = cache.translate(pg, "SELECT name FROM users WHERE id = " + v);
            assertEquals(StickyKey.literal(StickyKey.decodeLiteral(Dialect.POSTGRES, v)), t.stickyKey(), v);
        }
        assertEquals(3, cache.templateHits(), "the template served the later statements");
    }

    private static MigrationSpec withStickyKey(MigrationSpec s, String column) {
        return new MigrationSpec(s.id(), s.kind(), s.table(), s.column(), s.to(), s.forward(), s.backward(),
                s.columnType(), s.renames().isEmpty() ? null : Map.copyOf(s.renames()), s.columns(), s.key(),
                s.targetKey(), s.target(), s.phase(), column);
    }
}
