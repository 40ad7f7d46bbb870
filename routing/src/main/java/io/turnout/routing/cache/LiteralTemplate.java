package io.turnout.routing.cache;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.SqlLexer;
import io.turnout.routing.sql.TokenKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A statement with its literal values taken out: {@code UPDATE t SET a = a + -5 WHERE id = 7} becomes the text
 * {@code UPDATE t SET a = a + -$1 WHERE id = $2} (MySQL: {@code ?} for each) and the literals {@code ["5", "7"]}. Statements sent with
 * their values inline (the simple protocol, ORMs that inline) then share one translation per shape instead of
 * missing the cache on every distinct value.
 *
 * <p>Only plain {@code '...'} strings and numbers are taken out, and only in statements without parameters of their
 * own. Left in place: prefixed strings ({@code E'..'}, {@code B'..'}), dollar quotes, typed literals
 * ({@code DATE '..'}, {@code INTERVAL '..'}), numbers in a {@code GROUP BY} / {@code ORDER BY} list (ordinals) and inside the parentheses
 * of a type name (modifiers such as {@code varchar(10)}, {@code numeric(10, 2)}). Whether a template translates exactly like its instances is checked by {@link TemplateTranslation}
 * on the first instance, so a case missed here costs a cache miss, never a wrong translation.
 *
 * @param text     the statement with {@code $1..$n} (MySQL: {@code ?}) where the literals were
 * @param literals the literal texts, exactly as written, in order
 */
record LiteralTemplate(String text, List<String> literals) {

    private static final Set<String> TYPED_LITERAL_WORDS = Set.of("DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ",
            "INTERVAL", "TIMETZ");
    private static final Set<String> BY_LIST_WORDS = Set.of("ASC", "DESC", "NULLS", "FIRST", "LAST");
    private static final Set<String> TYPE_MODIFIER_WORDS = Set.of("VARCHAR", "CHAR", "CHARACTER", "VARYING",
            "NUMERIC", "DECIMAL", "BIT", "VARBIT", "TIME", "TIMESTAMP", "TIMESTAMPTZ", "TIMETZ", "INTERVAL", "FLOAT");

    /** The template of {@code sql}, or null when there is nothing to take out or the statement has parameters. */
    static LiteralTemplate of(Dialect dialect, String sql) {
        SqlLexer lexer = new SqlLexer(dialect, sql);
        StringBuilder text = null;
        List<String> literals = null;
        int copied = 0;
        TokenKind prev = null;
        int prevStart = 0;
        int prevEnd = 0;
        boolean inTypeModifier = false;
        boolean inByList = false;
        for (TokenKind k = lexer.next(); k != null; k = lexer.next()) {
            if (k == TokenKind.PARAM || k == TokenKind.EXEC_COMMENT) {
                return null;
            }
            if (k == TokenKind.COMMENT) {
                continue;
            }
            int start = lexer.start();
            int end = lexer.end();
            if (k == TokenKind.LPAREN && prev == TokenKind.WORD
                    && TYPE_MODIFIER_WORDS.contains(word(sql, prevStart, prevEnd))) {
                inTypeModifier = true;
            } else if (k == TokenKind.RPAREN) {
                inTypeModifier = false;
            }
            if (k == TokenKind.WORD) {
                String w = word(sql, start, end);
                inByList = w.equals("BY") || (inByList && BY_LIST_WORDS.contains(w));
            } else if (k == TokenKind.RPAREN || k == TokenKind.SEMICOLON) {
                inByList = false;
            }
            if (!inTypeModifier && !(inByList && k == TokenKind.NUMBER) && takesOut(sql, k, start, prev, prevStart,
                    prevEnd)) {
                if (text == null) {
                    text = new StringBuilder(sql.length() + 8);
                    literals = new ArrayList<>(4);
                }
                text.append(sql, copied, start);
                if (dialect == Dialect.POSTGRES) {
                    text.append('$').append(literals.size() + 1);
                } else {
                    text.append('?');
                }
                literals.add(sql.substring(start, end));
                copied = end;
            }
            prev = k;
            prevStart = start;
            prevEnd = end;
        }
        if (text == null) {
            return null;
        }
        text.append(sql, copied, sql.length());
        return new LiteralTemplate(text.toString(), List.copyOf(literals));
    }

    private static boolean takesOut(String sql, TokenKind k, int start, TokenKind prev, int prevStart, int prevEnd) {
        if (k == TokenKind.STRING) {
            return sql.charAt(start) == '\''
                    && !(prev == TokenKind.WORD && TYPED_LITERAL_WORDS.contains(word(sql, prevStart, prevEnd)));
        }
        if (k != TokenKind.NUMBER) {
            return false;
        }
        return true;
    }

    private static String word(String sql, int start, int end) {
        return end - start > 11 ? "" : sql.substring(start, end).toUpperCase(Locale.ROOT);
    }
}
