package io.turnout.routing.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.turnout.routing.model.MigrationSet;
import io.turnout.routing.model.SpecLoader;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.Translation;
import io.turnout.routing.translate.Translator;
import io.turnout.routing.translate.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiteralTemplateTest {

    private static LiteralTemplate of(String sql) {
        return LiteralTemplate.of(Dialect.POSTGRES, sql);
    }

    @Test
    void takesOutPlainStringsAndNumbers() {
        LiteralTemplate t = of("UPDATE acc SET bal = bal + -1234, note = 'it''s' WHERE id = 7");
        assertEquals("UPDATE acc SET bal = bal + -$1, note = $2 WHERE id = $3", t.text());
        assertEquals(List.of("1234", "'it''s'", "7"), t.literals());
    }

    @Test
    void leavesTypedPrefixedQuotedOrdinalAndModifierLiteralsInPlace() {
        LiteralTemplate t = of("SELECT name::varchar(10), CAST(x AS numeric(10, 2)), E'a\\'b', $$d$$, 'k' "
                + "FROM users /* 5 */ WHERE d > DATE '2020-01-01' AND i < now() - INTERVAL '1 day' AND n = 3 "
                + "ORDER BY 1, 2 DESC LIMIT 5");
        assertEquals("SELECT name::varchar(10), CAST(x AS numeric(10, 2)), E'a\\'b', $$d$$, $1 "
                + "FROM users /* 5 */ WHERE d > DATE '2020-01-01' AND i < now() - INTERVAL '1 day' AND n = $2 "
                + "ORDER BY 1, 2 DESC LIMIT $3", t.text());
        assertEquals(List.of("'k'", "3", "5"), t.literals());
    }

    @Test
    void statementsWithParametersOrWithoutLiteralsAreNotTemplated() {
        assertNull(of("SELECT name FROM users WHERE id = $1 AND kind = 'a'"));
        assertNull(of("SELECT name FROM users"));
        assertNull(LiteralTemplate.of(Dialect.MYSQL, "SELECT name FROM users WHERE id = ? AND k = 5"));
    }

    @Test
    void mysqlMarksEachLiteralWithAQuestionMark() {
        LiteralTemplate t = LiteralTemplate.of(Dialect.MYSQL, "SELECT c FROM sbtest1 WHERE id BETWEEN 5 AND 104 "
                + "AND pad <> 'x\\'y' AND d > DATE '2020-01-01' ORDER BY 1");
        assertEquals("SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? AND pad <> ? AND d > DATE '2020-01-01' "
                + "ORDER BY 1", t.text());
        assertEquals(List.of("5", "104", "'x\\'y'"), t.literals());
    }

    @Test
    void mysqlStatementsShareTranslationsThatFillExactly() throws Exception {
        Translator tr = rename(Dialect.MYSQL);
        TranslationCache cache = new TranslationCache(100);
        String[][] groups = {
            {"SELECT name FROM users WHERE id = 5", "SELECT name FROM users WHERE id = 6"},
            {"SELECT DISTINCT name FROM users WHERE id BETWEEN 1 AND 100 ORDER BY name",
                "SELECT DISTINCT name FROM users WHERE id BETWEEN 7 AND 106 ORDER BY name"},
            {"UPDATE users SET name = 'a' WHERE id = 5", "UPDATE users SET name = 'b''s ?' WHERE id = 9"},
            {"INSERT INTO users (id, age, name) VALUES (5, 3, 'five')",
                "INSERT INTO users (id, age, name) VALUES (6, 4, 'six')"}};
        for (String[] group : groups) {
            for (String sql : group) {
                Translation expected = tr.translate(sql);
                assertEquals(Verdict.TRANSLATED, expected.verdict(), sql);
                assertEquals(expected, cache.translate(tr, sql), sql);
            }
        }
        assertEquals(4, cache.templateHits());
    }

    private static Translator rename() throws Exception {
        return rename(Dialect.POSTGRES);
    }

    private static Translator rename(Dialect dialect) throws Exception {
        MigrationSet set = new SpecLoader().parse(
                "migrations: [{id: m1, kind: rename-column, table: users, column: name, to: full_name}]", "t");
        return new Translator(dialect, set.migrations().get(0));
    }

    @Test
    void statementsDifferingOnlyInValuesShareOneTranslationThatFillsExactly() throws Exception {
        Translator tr = rename();
        TranslationCache cache = new TranslationCache(100);
        String[] reads = {"SELECT name FROM users WHERE id = 5", "SELECT name FROM users WHERE id = 6",
            "SELECT name FROM users WHERE id = 123456"};
        for (String sql : reads) {
            assertEquals(tr.translate(sql), cache.translate(tr, sql), sql);
        }
        assertEquals(2, cache.templateHits());
        assertEquals(1, cache.misses());
        String[] writes = {"UPDATE users SET name = name || 'x', age = 4 WHERE id = 5",
            "UPDATE users SET name = name || '$1 '' y', age = 40 WHERE id = 6",
            "INSERT INTO users (id, name) VALUES (7, 'seven')", "INSERT INTO users (id, name) VALUES (8, 'e''8')"};
        for (String sql : writes) {
            Translation expected = tr.translate(sql);
            assertEquals(Verdict.TRANSLATED, expected.verdict(), sql);
            assertEquals(expected, cache.translate(tr, sql), sql);
        }
        assertEquals(4, cache.templateHits());
    }

    @Test
    void aTemplateThatDoesNotReproduceItsFirstStatementIsNeverUsed() throws Exception {
        Translator tr = rename();
        TranslationCache cache = new TranslationCache(100);
        // the two adjacent strings concatenate in PostgreSQL; as $1 $2 the template does not even parse
        String a = "SELECT name FROM users WHERE name = 'a'\n'b'";
        String b = "SELECT name FROM users WHERE name = 'c'\n'd'";
        assertEquals(tr.translate(a), cache.translate(tr, a));
        assertEquals(tr.translate(b), cache.translate(tr, b));
        assertEquals(0, cache.templateHits());
        Translation again = cache.translate(tr, b);
        assertSame(again, cache.translate(tr, b), "cached by its text instead");
    }
}
