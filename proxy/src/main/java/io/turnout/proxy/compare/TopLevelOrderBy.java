package io.turnout.proxy.compare;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.SqlLexer;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;

import java.util.List;
import java.util.Locale;

/** Whether a query orders its result: an ORDER BY outside any parentheses (not one of a subquery or a window). */
public final class TopLevelOrderBy {

    private TopLevelOrderBy() {
    }

    public static boolean in(Dialect dialect, String sql) {
        List<Token> tokens = SqlLexer.tokens(dialect, sql);
        int depth = 0;
        Token previousWord = null;
        for (Token t : tokens) {
            if (t.kind() == TokenKind.LPAREN) {
                depth++;
            } else if (t.kind() == TokenKind.RPAREN) {
                depth--;
            } else if (t.kind() == TokenKind.WORD && depth == 0) {
                String w = sql.substring(t.start(), t.end()).toUpperCase(Locale.ROOT);
                if (w.equals("BY") && previousWord != null
                        && sql.substring(previousWord.start(), previousWord.end()).equalsIgnoreCase("ORDER")) {
                    return true;
                }
                previousWord = t;
            } else if (t.kind() != TokenKind.COMMENT) {
                previousWord = null;
            }
        }
        return false;
    }
}
