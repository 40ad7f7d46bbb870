package io.turnout.routing.sql;

import java.util.Collection;
import java.util.Locale;

/**
 * The fast path: does a statement mention any of a few table names? One lexer pass, no allocation per token.
 * Matching ignores case and quoting on purpose: a false positive only costs a parse, a false negative would skip a
 * translation.
 */
public final class TableMatcher {

    private final Dialect dialect;
    private final String[] names;

    public TableMatcher(Dialect dialect, Collection<String> tableNames) {
        this.dialect = dialect;
        this.names = tableNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
    }

    public boolean mentionedIn(String sql) {
        SqlLexer lexer = new SqlLexer(dialect, sql);
        TokenKind kind;
        while ((kind = lexer.next()) != null) {
            if (kind == TokenKind.WORD) {
                if (matches(sql, lexer.start(), lexer.end())) {
                    return true;
                }
            } else if (kind == TokenKind.QUOTED_IDENT) {
                if (matches(sql, lexer.start() + 1, lexer.end() - 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matches(String sql, int from, int to) {
        int len = to - from;
        for (String name : names) {
            if (name.length() == len && sql.regionMatches(true, from, name, 0, len)) {
                return true;
            }
        }
        return false;
    }
}
