package io.turnout.routing.translate;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a range of tokens into an {@link AnalysisText}, masking what Calcite's Babel parser cannot read while
 * keeping every position: text between tokens (whitespace, comments) becomes spaces, string literals become {@code ''} plus spaces (their content
 * never matters for analysis), {@code $n} becomes {@code ?}, {@code []} in casts disappears, a trailing
 * {@code FOR UPDATE}/{@code FOR SHARE}/{@code LOCK IN SHARE MODE} is blanked, and PostgreSQL
 * {@code DISTINCT ON (a, b)} becomes {@code DISTINCT (a, b),} so its expressions are still analysed.
 */
final class QueryMasker {

    private static final java.util.Set<String> MYSQL_SELECT_MODIFIERS = java.util.Set.of("SQL_CALC_FOUND_ROWS",
            "SQL_NO_CACHE", "SQL_CACHE", "HIGH_PRIORITY", "STRAIGHT_JOIN", "SQL_SMALL_RESULT", "SQL_BIG_RESULT",
            "SQL_BUFFER_RESULT", "DISTINCTROW");

    private static final java.util.Set<String> JSON_OPERATORS = java.util.Set.of("->", "->>", "#>", "#>>", "@>",
            "<@", "?", "?|", "?&", "#-", "@?", "@@");

    private final Dialect dialect;
    private final String sql;
    private final List<Token> tokens;
    /** Original ranges of DISTINCT ON lists: expressions there are not select items. */
    private final List<int[]> pseudoItems = new ArrayList<>();

    QueryMasker(Dialect dialect, String sql, List<Token> tokens) {
        this.dialect = dialect;
        this.sql = sql;
        this.tokens = tokens;
    }

    /** MySQL {@code VALUES(col)} in ON DUPLICATE KEY UPDATE: analysed as {@code (col)}. */
    private boolean maskValuesCalls;

    QueryMasker maskValuesCalls(boolean on) {
        this.maskValuesCalls = on;
        return this;
    }

    List<int[]> pseudoItems() {
        return pseudoItems;
    }

    /** Appends tokens {@code [first, last)} to {@code out}; whitespace between them is copied as is. */
    void append(AnalysisText out, int first, int last) throws UntranslatableException {
        int depth = 0;
        int copiedTo = first < last ? tokens.get(first).start() : 0;
        for (int i = first; i < last; i++) {
            Token t = tokens.get(i);
            out.blank(sql, copiedTo, t.start());
            copiedTo = t.end();
            switch (t.kind()) {
                case COMMENT -> out.blank(sql, t.start(), t.end());
                case EXEC_COMMENT -> throw new UntranslatableException(
                        "MySQL executable comment /*! ... */ around a migrating table; remove it or run it directly");
                case STRING -> out.mask(sql, t.start(), t.end(), "''");
                case PARAM -> out.mask(sql, t.start(), t.end(), "?");
                case LPAREN -> {
                    depth++;
                    out.copy(sql, t.start(), t.end());
                }
                case RPAREN -> {
                    depth--;
                    out.copy(sql, t.start(), t.end());
                }
                case OPERATOR -> {
                    if (dialect == Dialect.POSTGRES && JSON_OPERATORS.contains(t.text(sql))) {
                        out.mask(sql, t.start(), t.end(), t.end() - t.start() == 1 ? "+" : "||");
                    } else if (t.text(sql).equals("[") && i + 1 < last && tokens.get(i + 1).text(sql).equals("]")) {
                        out.blank(sql, t.start(), tokens.get(i + 1).end());
                        copiedTo = tokens.get(++i).end();
                    } else {
                        out.copy(sql, t.start(), t.end());
                    }
                }
                case WORD -> {
                    if (depth == 0 && isLockingClause(i, last)) {
                        out.blank(sql, t.start(), tokens.get(last - 1).end());
                        return;
                    }
                    if (dialect == Dialect.MYSQL) {
                        int next = mysqlWord(out, i, last);
                        if (next >= 0) {
                            copiedTo = tokens.get(next).end();
                            i = next;
                            continue;
                        }
                    }
                    if (maskValuesCalls && t.isWord(sql, "VALUES") && i + 1 < last
                            && tokens.get(i + 1).is(TokenKind.LPAREN)) {
                        out.blank(sql, t.start(), t.end());
                        continue;
                    }
                    if (dialect == Dialect.POSTGRES && t.isWord(sql, "ON") && i > first
                            && tokens.get(i - 1).isWord(sql, "DISTINCT") && i + 1 < last
                            && tokens.get(i + 1).is(TokenKind.LPAREN)) {
                        out.blank(sql, t.start(), t.end());
                        int close = Tokens.closingParen(tokens, i + 1);
                        out.copy(sql, t.end(), tokens.get(close).end()).synthetic(",");
                        pseudoItems.add(new int[] {tokens.get(i + 1).start(), tokens.get(close).end()});
                        copiedTo = tokens.get(close).end();
                        i = close;
                    } else {
                        out.copy(sql, t.start(), t.end());
                    }
                }
                default -> out.copy(sql, t.start(), t.end());
            }
        }
    }

    /**
     * MySQL words Babel does not read, masked for analysis only: select modifiers, index hints, STRAIGHT_JOIN as a
     * join, REGEXP / RLIKE / DIV / XOR operators. Returns the index of the last token consumed, or -1.
     */
    private int mysqlWord(AnalysisText out, int i, int last) {
        Token t = tokens.get(i);
        String word = t.text(sql).toUpperCase(java.util.Locale.ROOT);
        boolean afterSelect = i > 0 && tokens.get(i - 1).kind() == TokenKind.WORD
                && (tokens.get(i - 1).isWord(sql, "SELECT") || MYSQL_SELECT_MODIFIERS.contains(
                tokens.get(i - 1).text(sql).toUpperCase(java.util.Locale.ROOT)));
        if (word.equals("STRAIGHT_JOIN") && !afterSelect) {
            out.mask(sql, t.start(), t.end(), "JOIN");
            return i;
        }
        if (MYSQL_SELECT_MODIFIERS.contains(word)) {
            out.blank(sql, t.start(), t.end());
            return i;
        }
        String replacement = switch (word) {
            case "REGEXP", "RLIKE" -> "LIKE";
            case "DIV" -> "/";
            case "XOR" -> "OR";
            default -> null;
        };
        if (replacement != null) {
            out.mask(sql, t.start(), t.end(), replacement);
            return i;
        }
        if ((word.equals("USE") || word.equals("FORCE") || word.equals("IGNORE")) && i + 1 < last
                && (tokens.get(i + 1).isWord(sql, "INDEX") || tokens.get(i + 1).isWord(sql, "KEY"))) {
            int k = i + 2;
            while (k < last && tokens.get(k).kind() == TokenKind.WORD) {
                k++;
            }
            if (k < last && tokens.get(k).is(TokenKind.LPAREN)) {
                int close;
                try {
                    close = Tokens.closingParen(tokens, k);
                } catch (UntranslatableException e) {
                    return -1;
                }
                out.blank(sql, t.start(), tokens.get(close).end());
                return close;
            }
        }
        return -1;
    }

    private boolean isLockingClause(int i, int last) {
        Token t = tokens.get(i);
        if (t.isWord(sql, "FOR") && i + 1 < last) {
            Token n = tokens.get(i + 1);
            return n.isWord(sql, "UPDATE") || n.isWord(sql, "SHARE") || n.isWord(sql, "NO") || n.isWord(sql, "KEY");
        }
        return dialect == Dialect.MYSQL && t.isWord(sql, "LOCK") && i + 1 < last
                && tokens.get(i + 1).isWord(sql, "IN");
    }
}
