package io.turnout.routing.sql;

/** One lexical token: a half-open range {@code [start, end)} of the SQL text. */
public record Token(TokenKind kind, int start, int end) {

    public String text(String sql) {
        return sql.substring(start, end);
    }

    public boolean isWord(String sql, String word) {
        return kind == TokenKind.WORD && end - start == word.length()
                && sql.regionMatches(true, start, word, 0, word.length());
    }

    public boolean isIdentifier() {
        return kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENT;
    }

    public boolean is(TokenKind k) {
        return kind == k;
    }
}
