package io.turnout.routing.sql;

/** What a {@link Token} is. Whitespace is never a token. */
public enum TokenKind {
    /** Unquoted identifier or keyword. */
    WORD,
    /** {@code "name"} (PostgreSQL) or {@code `name`} (MySQL). */
    QUOTED_IDENT,
    /** Any string literal: {@code '..'}, {@code E'..'}, {@code $tag$..$tag$}, MySQL {@code ".."}. */
    STRING,
    NUMBER,
    /** {@code $n} (PostgreSQL) or {@code ?} (MySQL). */
    PARAM,
    LPAREN,
    RPAREN,
    COMMA,
    SEMICOLON,
    DOT,
    OPERATOR,
    /** A comment, including the markers. */
    COMMENT,
    /** The opening {@code /*!NNNNN} or closing of a MySQL executable comment; its content is lexed as SQL. */
    EXEC_COMMENT
}
