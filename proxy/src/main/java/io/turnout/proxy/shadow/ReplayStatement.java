package io.turnout.proxy.shadow;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.SqlLexer;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement as the client sent it, made runnable through JDBC: PostgreSQL's numbered {@code $n} placeholders
 * become {@code ?} in order of appearance, with the values picked (and repeated) to match; MySQL's {@code ?} stay.
 */
public record ReplayStatement(String sql, List<Object> values) {

    public static ReplayStatement of(Dialect dialect, String sql, List<Object> params) {
        if (dialect != Dialect.POSTGRES || sql.indexOf('$') < 0) {
            return new ReplayStatement(sql, params);
        }
        StringBuilder out = new StringBuilder(sql.length());
        List<Object> values = new ArrayList<>();
        int copied = 0;
        for (Token t : SqlLexer.tokens(dialect, sql)) {
            if (t.kind() != TokenKind.PARAM) {
                continue;
            }
            String text = sql.substring(t.start(), t.end());
            if (!text.startsWith("$")) {
                continue;
            }
            int n = Integer.parseInt(text.substring(1));
            if (n < 1 || n > params.size()) {
                throw new IllegalArgumentException("placeholder " + text + " but " + params.size() + " value(s)");
            }
            out.append(sql, copied, t.start()).append('?');
            copied = t.end();
            values.add(params.get(n - 1));
        }
        out.append(sql, copied, sql.length());
        return new ReplayStatement(out.toString(), values);
    }

    /** Prepares {@link #sql()} on {@code c} with {@link #values()} bound; the caller closes the statement. */
    public PreparedStatement prepare(Connection c, Dialect dialect) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v == null) {
                    ps.setNull(i + 1, Types.NULL);
                } else if (v instanceof String s && dialect == Dialect.POSTGRES) {
                    // unknown type: PostgreSQL infers it (MySQL would serialise the object)
                    ps.setObject(i + 1, s, Types.OTHER);
                } else {
                    ps.setObject(i + 1, v);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
