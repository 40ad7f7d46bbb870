package io.turnout.routing.translate;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.SqlLexer;
import io.turnout.routing.sql.TokenKind;

/** Writing names and substituting them inside small SQL expressions. */
final class Names {

    private Names() {
    }

    /** {@code name}, quoted the way {@code written} was. */
    static String like(Dialect dialect, String written, String name) {
        return !written.isEmpty() && (written.charAt(0) == '"' || written.charAt(0) == '`')
                ? dialect.quote(name) : name;
    }

    /** A name usable as written, quoting it when it is not a plain lower-case (PostgreSQL) identifier. */
    static String safe(Dialect dialect, String name) {
        boolean plain = dialect == Dialect.POSTGRES ? name.matches("[a-z_][a-z0-9_$]*")
                : name.matches("[A-Za-z_][A-Za-z0-9_$]*");
        return plain ? name : dialect.quote(name);
    }

    /**
     * Replaces, in {@code expression}, every unqualified reference to column {@code name} (not a function call) with
     * {@code replacement}.
     */
    static String substitute(Dialect dialect, String expression, String name, String replacement) {
        StringBuilder out = new StringBuilder();
        SqlLexer lexer = new SqlLexer(dialect, expression);
        int copied = 0;
        TokenKind previous = null;
        TokenKind kind;
        while ((kind = lexer.next()) != null) {
            int s = lexer.start();
            int e = lexer.end();
            String text = expression.substring(s, e);
            String bare = kind == TokenKind.QUOTED_IDENT ? text.substring(1, text.length() - 1) : text;
            boolean call = nextNonSpace(expression, e) == '(';
            if ((kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENT) && bare.equalsIgnoreCase(name)
                    && previous != TokenKind.DOT && !call) {
                out.append(expression, copied, s).append(replacement);
                copied = e;
            }
            previous = kind;
        }
        return out.append(expression.substring(copied)).toString();
    }

    private static char nextNonSpace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return s.charAt(i);
            }
        }
        return '\0';
    }
}
