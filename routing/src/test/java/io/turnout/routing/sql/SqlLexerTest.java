package io.turnout.routing.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    private static String kinds(Dialect d, String sql) {
        StringBuilder out = new StringBuilder();
        for (Token t : SqlLexer.tokens(d, sql)) {
            out.append(t.kind()).append('[').append(t.text(sql)).append("] ");
        }
        return out.toString().trim();
    }

    @Test
    void postgresQuotingAndComments() {
        assertEquals("WORD[a] COMMENT[/* x /* nested */ y */] WORD[b]", kinds(Dialect.POSTGRES,
                "a /* x /* nested */ y */ b"));
        assertEquals("STRING['it''s'] STRING[E'\\'users'] STRING[$q$ users $q$] STRING[$$x$$]",
                kinds(Dialect.POSTGRES, "'it''s' E'\\'users' $q$ users $q$ $$x$$"));
        assertEquals("QUOTED_IDENT[\"a\"\"b\"] PARAM[$12] OPERATOR[::] WORD[int] COMMENT[-- users]",
                kinds(Dialect.POSTGRES, "\"a\"\"b\" $12::int -- users"));
        assertEquals("WORD[a] OPERATOR[?] STRING['k']", kinds(Dialect.POSTGRES, "a ? 'k'"));
    }

    @Test
    void mysqlQuotingAndComments() {
        assertEquals("STRING['it\\'s'] STRING[\"dq\"] QUOTED_IDENT[`a``b`] PARAM[?] COMMENT[# users]",
                kinds(Dialect.MYSQL, "'it\\'s' \"dq\" `a``b` ? # users"));
        assertEquals("WORD[a] COMMENT[-- c] WORD[b]", kinds(Dialect.MYSQL, "a -- c\nb"));
        assertEquals("WORD[a] OPERATOR[--] NUMBER[1]", kinds(Dialect.MYSQL, "a --1"));
        assertEquals("EXEC_COMMENT[/*!40101] WORD[SET] WORD[users] EXEC_COMMENT[*/]",
                kinds(Dialect.MYSQL, "/*!40101 SET users */"));
        assertEquals("COMMENT[/* a /* b */] WORD[c] OPERATOR[*/]", kinds(Dialect.MYSQL, "/* a /* b */ c */"));
    }

    @Test
    void fastPathFindsOnlyRealMentions() {
        TableMatcher pg = new TableMatcher(Dialect.POSTGRES, Set.of("users"));
        assertTrue(pg.mentionedIn("select * from USERS"));
        assertTrue(pg.mentionedIn("select * from \"users\""));
        assertTrue(pg.mentionedIn("select * from public.users u"));
        assertFalse(pg.mentionedIn("select 'users' from t -- users\n/* users */ where x = $$users$$"));
        assertFalse(pg.mentionedIn("select * from users_archive, app_users"));
        TableMatcher my = new TableMatcher(Dialect.MYSQL, Set.of("users"));
        assertTrue(my.mentionedIn("select * from `users`"));
        assertTrue(my.mentionedIn("/*!40000 select * from users */"));
        assertFalse(my.mentionedIn("select \"users\", 'users' # users"));
    }

    @Test
    void fingerprintIgnoresValuesAndComments() {
        Fingerprint a = Fingerprint.of(Dialect.POSTGRES, "SELECT id FROM t WHERE x = 1 /* c */ AND y = 'a'");
        Fingerprint b = Fingerprint.of(Dialect.POSTGRES, "select  id from t where x = $1 and y = $2");
        assertEquals(a, b);
        assertEquals("select id from t where x = ? and y = ?", a.normalized());
        assertEquals(16, a.hash().length());
        assertNotEquals(a.hash(), Fingerprint.of(Dialect.POSTGRES, "select id from u").hash());
    }

    @Test
    void tokensCoverTheTextWithoutGaps() {
        String sql = "SELECT a, \"b\" FROM t WHERE c = 'x' -- z";
        List<Token> tokens = SqlLexer.tokens(Dialect.POSTGRES, sql);
        StringBuilder rebuilt = new StringBuilder();
        int at = 0;
        for (Token t : tokens) {
            rebuilt.append(sql, at, t.end());
            at = t.end();
        }
        assertEquals(sql, rebuilt.toString());
    }
}
