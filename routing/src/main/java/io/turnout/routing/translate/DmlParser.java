package io.turnout.routing.translate;

import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;

/** Reads the skeleton of a write statement from its tokens (comments already removed). */
final class DmlParser {

    private final String sql;
    private final List<Token> t;

    DmlParser(String sql, List<Token> tokensWithoutComments) {
        this.sql = sql;
        this.t = tokensWithoutComments;
    }

    Dml parse() throws UntranslatableException {
        Dml d = new Dml();
        d.end = t.size();
        int i = 0;
        String verb = t.get(0).text(sql).toUpperCase();
        d.verb = Dml.Verb.valueOf(verb);
        i++;
        while (i < d.end && isAnyWord(i, "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "QUICK", "ONLY")) {
            d.ignore |= t.get(i).isWord(sql, "IGNORE");
            i++;
        }
        switch (d.verb) {
            case INSERT, REPLACE -> insert(d, i);
            case UPDATE -> update(d, i);
            case DELETE -> delete(d, i);
        }
        return d;
    }

    private void insert(Dml d, int i) throws UntranslatableException {
        if (isAnyWord(i, "INTO")) {
            i++;
        }
        i = target(d, i, "VALUES", "VALUE", "SELECT", "SET", "DEFAULT", "WITH", "OVERRIDING");
        int tail = Tokens.findWord(t, sql, i, d.end, "ON", "RETURNING");
        if (tail < d.end && t.get(tail).isWord(sql, "ON")) {
            conflict(d, tail);
        }
        returning(d, i);
        int bodyEnd = d.conflictFrom >= 0 ? d.conflictFrom : d.returningFrom >= 0 ? d.returningFrom : d.end;
        if (i < bodyEnd && t.get(i).is(TokenKind.LPAREN) && !isAnyWord(i + 1, "SELECT", "WITH")) {
            int close = Tokens.closingParen(t, i);
            d.insertColumns = new ArrayList<>();
            for (int[] part : Tokens.splitCommas(t, i + 1, close)) {
                if (part[1] - part[0] != 1) {
                    throw new UntranslatableException("INSERT column list entry '" + Tokens.text(t, sql, part[0],
                            part[1]) + "' is not a plain column name");
                }
                d.insertColumns.add(part[0]);
            }
            d.columnListClose = close;
            i = close + 1;
        }
        if (isAnyWord(i, "VALUES", "VALUE")) {
            i++;
            while (i < bodyEnd) {
                if (!t.get(i).is(TokenKind.LPAREN)) {
                    throw new UntranslatableException("unexpected text after VALUES rows: '"
                            + Tokens.text(t, sql, i, bodyEnd) + "'");
                }
                int close = Tokens.closingParen(t, i);
                d.rows.add(Tokens.splitCommas(t, i + 1, close));
                d.rowCloses.add(close);
                i = close + 1;
                if (i < bodyEnd && t.get(i).is(TokenKind.COMMA)) {
                    i++;
                }
            }
        } else if (isAnyWord(i, "SELECT", "WITH") || (i < bodyEnd && t.get(i).is(TokenKind.LPAREN))) {
            d.queryFrom = i;
            d.queryTo = bodyEnd;
        } else if (isAnyWord(i, "SET")) {
            assignments(d.set, i + 1, bodyEnd);
        } else if (isAnyWord(i, "DEFAULT")) {
            d.defaultValues = true;
        } else {
            throw new UntranslatableException("unsupported INSERT form near '" + Tokens.text(t, sql, i,
                    Math.min(i + 3, d.end)) + "'");
        }
    }

    private void conflict(Dml d, int on) throws UntranslatableException {
        d.conflictFrom = on;
        int i = on + 1;
        int stop = Tokens.findWord(t, sql, i, d.end, "RETURNING");
        d.conflictTo = stop;
        if (isAnyWord(i, "DUPLICATE") && isAnyWord(i + 1, "KEY") && isAnyWord(i + 2, "UPDATE")) {
            d.odku = true;
            assignments(d.conflictSet, i + 3, stop);
            return;
        }
        if (!isAnyWord(i, "CONFLICT")) {
            throw new UntranslatableException("unsupported clause after INSERT: ON " + Tokens.text(t, sql, i, i + 1));
        }
        i++;
        if (i < stop && t.get(i).is(TokenKind.LPAREN)) {
            int close = Tokens.closingParen(t, i);
            d.conflictTargetFrom = i + 1;
            d.conflictTargetTo = close;
            i = close + 1;
        } else if (isAnyWord(i, "ON")) {
            d.conflictConstraint = true;
            i += 3;
        }
        int doAt = Tokens.findWord(t, sql, i, stop, "DO");
        if (isAnyWord(doAt + 1, "NOTHING")) {
            return;
        }
        if (!isAnyWord(doAt + 1, "UPDATE") || !isAnyWord(doAt + 2, "SET")) {
            throw new UntranslatableException("unsupported ON CONFLICT action");
        }
        int where = Tokens.findWord(t, sql, doAt + 3, stop, "WHERE");
        assignments(d.conflictSet, doAt + 3, where);
        if (where < stop) {
            d.conflictWhereFrom = where + 1;
            d.conflictWhereTo = stop;
        }
    }

    private void update(Dml d, int i) throws UntranslatableException {
        int setAt = Tokens.findWord(t, sql, i, d.end, "SET");
        if (setAt == d.end) {
            throw new UntranslatableException("UPDATE without SET");
        }
        target(d, i, "SET");
        if (d.targetTo != setAt) {
            d.multiTable = true;
            d.tableFrom = i;
            d.tableTo = setAt;
            d.alias = -1;
        }
        returning(d, setAt);
        int limitEnd = d.returningFrom >= 0 ? d.returningFrom : d.end;
        int next = Tokens.findWord(t, sql, setAt + 1, limitEnd, "FROM", "WHERE", "ORDER", "LIMIT");
        assignments(d.set, setAt + 1, next);
        tail(d, next, limitEnd);
    }

    private void delete(Dml d, int i) throws UntranslatableException {
        if (!isAnyWord(i, "FROM")) {
            throw new UntranslatableException("multi-table DELETE is not translated; delete from one table");
        }
        i = target(d, i + 1, "USING", "WHERE", "ORDER", "LIMIT", "RETURNING");
        returning(d, i);
        int limitEnd = d.returningFrom >= 0 ? d.returningFrom : d.end;
        if (isAnyWord(i, "USING")) {
            int next = Tokens.findWord(t, sql, i + 1, limitEnd, "WHERE", "ORDER", "LIMIT");
            d.fromListFrom = i + 1;
            d.fromListTo = next;
            i = next;
        }
        tail(d, i, limitEnd);
    }

    /** FROM list, WHERE, ORDER BY and LIMIT of UPDATE / DELETE, starting at {@code i}. */
    private void tail(Dml d, int i, int limitEnd) {
        if (isAnyWord(i, "FROM")) {
            int next = Tokens.findWord(t, sql, i + 1, limitEnd, "WHERE", "ORDER", "LIMIT");
            d.fromListFrom = i + 1;
            d.fromListTo = next;
            i = next;
        }
        if (isAnyWord(i, "WHERE")) {
            int next = Tokens.findWord(t, sql, i + 1, limitEnd, "ORDER", "LIMIT");
            d.whereFrom = i + 1;
            d.whereTo = next;
            i = next;
        }
        if (isAnyWord(i, "ORDER")) {
            int next = Tokens.findWord(t, sql, i + 1, limitEnd, "LIMIT");
            d.orderFrom = i + 2;
            d.orderTo = next;
            i = next;
        }
        if (isAnyWord(i, "LIMIT")) {
            d.limitFrom = i;
            d.limitTo = limitEnd;
        }
    }

    private void returning(Dml d, int from) {
        int r = Tokens.findWord(t, sql, from, d.end, "RETURNING");
        if (r < d.end) {
            d.returningFrom = r;
            d.returningTo = d.end;
        }
    }

    /** Reads {@code name [AS alias | alias]} from {@code i}; returns the index after it. */
    private int target(Dml d, int i, String... stopWords) throws UntranslatableException {
        d.tableFrom = i;
        if (i >= d.end || !t.get(i).isIdentifier()) {
            throw new UntranslatableException("expected a table name");
        }
        i++;
        while (i + 1 < d.end && t.get(i).is(TokenKind.DOT) && t.get(i + 1).isIdentifier()) {
            i += 2;
        }
        d.tableTo = i;
        if (isAnyWord(i, "AS")) {
            i++;
        }
        if (i < d.end && t.get(i).isIdentifier() && !isAnyWord(i, stopWords)) {
            d.alias = i;
            i++;
        }
        d.targetTo = i;
        return i;
    }

    private void assignments(List<Dml.Assignment> out, int from, int to) throws UntranslatableException {
        for (int[] part : Tokens.splitCommas(t, from, to)) {
            int eq = -1;
            for (int k = part[0]; k < part[1]; k++) {
                if (t.get(k).is(TokenKind.OPERATOR) && t.get(k).text(sql).equals("=")) {
                    eq = k;
                    break;
                }
            }
            if (eq < 0 || t.get(part[0]).is(TokenKind.LPAREN)) {
                throw new UntranslatableException("assignment '" + Tokens.text(t, sql, part[0], part[1])
                        + "' is not of the form column = value");
            }
            out.add(new Dml.Assignment(part[0], eq, eq + 1, part[1]));
        }
    }

    private boolean isAnyWord(int i, String... words) {
        if (i < 0 || i >= t.size() || t.get(i).kind() != TokenKind.WORD) {
            return false;
        }
        for (String w : words) {
            if (t.get(i).isWord(sql, w)) {
                return true;
            }
        }
        return false;
    }
}
