package io.turnout.routing.sql;

import java.util.Locale;

/**
 * The shape of a statement without its values: literals and placeholders become {@code ?}, comments and
 * whitespace go, unquoted words are lower-cased. {@code hash} is a 64-bit FNV-1a of the normalized text, in hex.
 */
public record Fingerprint(String hash, String normalized) {

    public static Fingerprint of(Dialect dialect, String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        SqlLexer lexer = new SqlLexer(dialect, sql);
        TokenKind kind;
        while ((kind = lexer.next()) != null) {
            switch (kind) {
                case COMMENT, EXEC_COMMENT -> {
                    continue;
                }
                case STRING, NUMBER, PARAM -> append(out, "?");
                case WORD -> append(out, sql.substring(lexer.start(), lexer.end()).toLowerCase(Locale.ROOT));
                default -> append(out, sql.substring(lexer.start(), lexer.end()));
            }
        }
        String normalized = out.toString();
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < normalized.length(); i++) {
            h ^= normalized.charAt(i);
            h *= 0x100000001b3L;
        }
        return new Fingerprint(String.format("%016x", h), normalized);
    }

    private static void append(StringBuilder out, String text) {
        if (!out.isEmpty()) {
            out.append(' ');
        }
        out.append(text);
    }
}
