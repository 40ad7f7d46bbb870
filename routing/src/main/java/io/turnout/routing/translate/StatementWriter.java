package io.turnout.routing.translate;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an extra statement of a dual-write plan from glue and pieces of the original, tracking which client
 * parameters its placeholders take (PostgreSQL placeholders are renumbered {@code $1..$k}).
 */
final class StatementWriter {

    private final Dialect dialect;
    private final String sql;
    private final List<Token> params = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private final List<Integer> used = new ArrayList<>();
    private final Map<Integer, Integer> renumbered = new LinkedHashMap<>();

    StatementWriter(Dialect dialect, String sql, List<Token> tokens) {
        this.dialect = dialect;
        this.sql = sql;
        for (Token t : tokens) {
            if (t.is(TokenKind.PARAM)) {
                params.add(t);
            }
        }
    }

    /** Number of parameters the original statement takes. */
    static int parameterCount(Dialect dialect, String sql, List<Token> tokens) {
        int count = 0;
        for (Token t : tokens) {
            if (t.is(TokenKind.PARAM)) {
                count = dialect == Dialect.MYSQL ? count + 1
                        : Math.max(count, Integer.parseInt(t.text(sql).substring(1)));
            }
        }
        return count;
    }

    StatementWriter glue(String text) {
        out.append(text);
        return this;
    }

    /** Copies {@code original[from, to)}. */
    StatementWriter copy(int from, int to) {
        int at = from;
        for (int i = 0; i < params.size(); i++) {
            Token p = params.get(i);
            if (p.start() >= from && p.end() <= to) {
                out.append(sql, at, p.start());
                if (dialect == Dialect.MYSQL) {
                    used.add(i + 1);
                    out.append('?');
                } else {
                    int n = Integer.parseInt(p.text(sql).substring(1));
                    Integer k = renumbered.get(n);
                    if (k == null) {
                        k = renumbered.size() + 1;
                        renumbered.put(n, k);
                        used.add(n);
                    }
                    out.append('$').append(k);
                }
                at = p.end();
            }
        }
        out.append(sql, at, to);
        return this;
    }

    /** Copies {@code original[from, to)} with the edits that fall inside it applied. */
    StatementWriter copyEdited(int from, int to, List<Edit> edits) throws UntranslatableException {
        List<Edit> inside = new ArrayList<>();
        for (Edit e : edits) {
            if (e.start() >= from && e.end() <= to) {
                inside.add(e);
            }
        }
        inside.sort(Comparator.comparingInt(Edit::start).thenComparingInt(e -> e.isInsert() ? 0 : 1));
        int at = from;
        for (Edit e : inside) {
            if (e.start() < at) {
                throw new UntranslatableException("two rewrites overlap at offset " + e.start());
            }
            copy(at, e.start());
            out.append(e.text());
            at = e.end();
        }
        return copy(at, to);
    }

    PlannedStatement build(boolean clientResult, String purpose) {
        return new PlannedStatement(out.toString(), used, clientResult, purpose);
    }
}
