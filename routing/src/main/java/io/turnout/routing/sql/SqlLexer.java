package io.turnout.routing.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A dialect-aware cursor over SQL text. {@link #next()} moves to the next token without allocating, so the fast path
 * can look at every identifier of a statement for the cost of one pass over its characters.
 *
 * <p>PostgreSQL: {@code '..'} with {@code ''}, {@code E'..'} with backslash escapes, {@code $tag$..$tag$},
 * {@code "ident"}, {@code --} and nested {@code /* *&#47;} comments, {@code $n}. MySQL: {@code '..'} and {@code ".."}
 * with backslash escapes and doubling, {@code `ident`}, {@code #}, {@code -- } and {@code /* *&#47;} comments,
 * {@code /*! *&#47;} executable comments whose content is SQL, {@code ?}.
 */
public final class SqlLexer {

    private final Dialect dialect;
    private final String sql;
    private final int length;
    private int pos;
    private boolean inExecComment;
    private TokenKind kind;
    private int start;

    public SqlLexer(Dialect dialect, String sql) {
        this.dialect = dialect;
        this.sql = sql;
        this.length = sql.length();
    }

    /** Every token of {@code sql}, comments included. */
    public static List<Token> tokens(Dialect dialect, String sql) {
        SqlLexer lexer = new SqlLexer(dialect, sql);
        List<Token> out = new ArrayList<>();
        while (lexer.next() != null) {
            out.add(new Token(lexer.kind, lexer.start, lexer.pos));
        }
        return out;
    }

    public TokenKind kind() {
        return kind;
    }

    public int start() {
        return start;
    }

    public int end() {
        return pos;
    }

    /** Moves to the next token and returns its kind, or null at the end of the text. */
    public TokenKind next() {
        while (pos < length && isSpace(sql.charAt(pos))) {
            pos++;
        }
        if (pos >= length) {
            kind = null;
            return null;
        }
        start = pos;
        kind = lex(sql.charAt(pos));
        return kind;
    }

    private TokenKind lex(char c) {
        char n = pos + 1 < length ? sql.charAt(pos + 1) : '\0';
        if (c == '-' && n == '-' && (dialect == Dialect.POSTGRES || pos + 2 >= length
                || sql.charAt(pos + 2) <= ' ')) {
            return lineComment();
        }
        if (c == '#' && dialect == Dialect.MYSQL) {
            return lineComment();
        }
        if (c == '/' && n == '*') {
            return blockComment();
        }
        if (c == '*' && n == '/' && inExecComment) {
            inExecComment = false;
            pos += 2;
            return TokenKind.EXEC_COMMENT;
        }
        if (c == '\'') {
            return quoted('\'', dialect == Dialect.MYSQL, TokenKind.STRING);
        }
        if (c == '"') {
            return dialect == Dialect.POSTGRES ? quoted('"', false, TokenKind.QUOTED_IDENT)
                    : quoted('"', true, TokenKind.STRING);
        }
        if (c == '`' && dialect == Dialect.MYSQL) {
            return quoted('`', false, TokenKind.QUOTED_IDENT);
        }
        if (c == '$' && dialect == Dialect.POSTGRES) {
            return dollar();
        }
        if (c == '?' && dialect == Dialect.MYSQL) {
            pos++;
            return TokenKind.PARAM;
        }
        if (isDigit(c) || (c == '.' && isDigit(n))) {
            return number();
        }
        if (isIdentStart(c)) {
            return word();
        }
        pos++;
        return switch (c) {
            case '(' -> TokenKind.LPAREN;
            case ')' -> TokenKind.RPAREN;
            case ',' -> TokenKind.COMMA;
            case ';' -> TokenKind.SEMICOLON;
            case '.' -> TokenKind.DOT;
            default -> operator();
        };
    }

    private TokenKind operator() {
        while (pos < length && isOperatorChar(sql.charAt(pos)) && !commentStarts(pos)) {
            pos++;
        }
        return TokenKind.OPERATOR;
    }

    private boolean commentStarts(int at) {
        char c = sql.charAt(at);
        char n = at + 1 < length ? sql.charAt(at + 1) : '\0';
        return (c == '-' && n == '-') || (c == '/' && n == '*') || (c == '#' && dialect == Dialect.MYSQL);
    }

    private boolean isOperatorChar(char c) {
        return switch (c) {
            case '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '%', '^', '&', '|', ':' -> true;
            case '#', '?' -> dialect == Dialect.POSTGRES;
            default -> false;
        };
    }

    private TokenKind lineComment() {
        while (pos < length && sql.charAt(pos) != '\n') {
            pos++;
        }
        return TokenKind.COMMENT;
    }

    private TokenKind blockComment() {
        if (dialect == Dialect.MYSQL && pos + 2 < length && (sql.charAt(pos + 2) == '!'
                || (sql.charAt(pos + 2) == 'M' && pos + 3 < length && sql.charAt(pos + 3) == '!'))) {
            pos += sql.charAt(pos + 2) == '!' ? 3 : 4;
            while (pos < length && isDigit(sql.charAt(pos))) {
                pos++;
            }
            inExecComment = true;
            return TokenKind.EXEC_COMMENT;
        }
        int depth = 0;
        while (pos < length) {
            char c = sql.charAt(pos);
            char n = pos + 1 < length ? sql.charAt(pos + 1) : '\0';
            if (c == '/' && n == '*' && (depth == 0 || dialect == Dialect.POSTGRES)) {
                depth++;
                pos += 2;
            } else if (c == '*' && n == '/') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return TokenKind.COMMENT;
                }
            } else {
                pos++;
            }
        }
        return TokenKind.COMMENT;
    }

    private TokenKind quoted(char quote, boolean backslash, TokenKind result) {
        pos++;
        while (pos < length) {
            char c = sql.charAt(pos);
            if (backslash && c == '\\') {
                pos += 2;
            } else if (c == quote) {
                if (pos + 1 < length && sql.charAt(pos + 1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    return result;
                }
            } else {
                pos++;
            }
        }
        pos = length;
        return result;
    }

    private TokenKind dollar() {
        char n = pos + 1 < length ? sql.charAt(pos + 1) : '\0';
        if (isDigit(n)) {
            pos++;
            while (pos < length && isDigit(sql.charAt(pos))) {
                pos++;
            }
            return TokenKind.PARAM;
        }
        int tagEnd = pos + 1;
        while (tagEnd < length && isIdentPart(sql.charAt(tagEnd)) && sql.charAt(tagEnd) != '$') {
            tagEnd++;
        }
        if (tagEnd < length && sql.charAt(tagEnd) == '$') {
            String tag = sql.substring(pos, tagEnd + 1);
            int close = sql.indexOf(tag, tagEnd + 1);
            pos = close < 0 ? length : close + tag.length();
            return TokenKind.STRING;
        }
        pos++;
        return TokenKind.OPERATOR;
    }

    private TokenKind number() {
        while (pos < length) {
            char c = sql.charAt(pos);
            if (isDigit(c) || c == '.' || c == '_') {
                pos++;
            } else if ((c == 'e' || c == 'E') && pos + 1 < length && (isDigit(sql.charAt(pos + 1))
                    || ((sql.charAt(pos + 1) == '+' || sql.charAt(pos + 1) == '-') && pos + 2 < length
                    && isDigit(sql.charAt(pos + 2))))) {
                pos += 2;
            } else {
                break;
            }
        }
        return TokenKind.NUMBER;
    }

    private TokenKind word() {
        int wordStart = pos;
        pos++;
        while (pos < length && isIdentPart(sql.charAt(pos))) {
            pos++;
        }
        if (pos < length && sql.charAt(pos) == '\'' && isStringPrefix(wordStart, pos)) {
            boolean escapes = dialect == Dialect.MYSQL || Character.toLowerCase(sql.charAt(wordStart)) == 'e';
            return quoted('\'', escapes, TokenKind.STRING);
        }
        return TokenKind.WORD;
    }

    private boolean isStringPrefix(int from, int to) {
        if (to - from == 1) {
            char p = Character.toLowerCase(sql.charAt(from));
            return p == 'e' || p == 'b' || p == 'x' || p == 'n';
        }
        return dialect == Dialect.MYSQL && sql.charAt(from) == '_';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c > 127;
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }
}
