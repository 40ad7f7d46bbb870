package io.turnout.routing.translate;

import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.util.List;

/** Small searches over a token list, all at parenthesis depth 0 relative to the start. */
final class Tokens {

    private Tokens() {
    }

    /** Index of the parenthesis closing the one at {@code open}. */
    static int closingParen(List<Token> tokens, int open) throws UntranslatableException {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            TokenKind k = tokens.get(i).kind();
            if (k == TokenKind.LPAREN) {
                depth++;
            } else if (k == TokenKind.RPAREN && --depth == 0) {
                return i;
            }
        }
        throw new UntranslatableException("unbalanced parentheses");
    }

    /** Index of the first depth-0 token in {@code [from, to)} that is one of {@code words}, or {@code to}. */
    static int findWord(List<Token> tokens, String sql, int from, int to, String... words) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.is(TokenKind.LPAREN)) {
                depth++;
            } else if (t.is(TokenKind.RPAREN)) {
                depth--;
            } else if (depth == 0 && t.kind() == TokenKind.WORD) {
                for (String w : words) {
                    if (t.isWord(sql, w)) {
                        return i;
                    }
                }
            }
        }
        return to;
    }

    /** Splits {@code [from, to)} at depth-0 commas: returns pairs of token indexes {@code [start, end)}. */
    static List<int[]> splitCommas(List<Token> tokens, int from, int to) {
        List<int[]> parts = new java.util.ArrayList<>();
        int depth = 0;
        int partStart = from;
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.is(TokenKind.LPAREN)) {
                depth++;
            } else if (t.is(TokenKind.RPAREN)) {
                depth--;
            } else if (depth == 0 && t.is(TokenKind.COMMA)) {
                parts.add(new int[] {partStart, i});
                partStart = i + 1;
            }
        }
        if (partStart < to) {
            parts.add(new int[] {partStart, to});
        }
        return parts;
    }

    /** Original text range covered by tokens {@code [from, to)}. */
    static String text(List<Token> tokens, String sql, int from, int to) {
        return from >= to ? "" : sql.substring(tokens.get(from).start(), tokens.get(to - 1).end());
    }
}
