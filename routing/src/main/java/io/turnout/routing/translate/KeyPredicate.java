package io.turnout.routing.translate;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;

/**
 * Finds the sticky key of a top-level SELECT: exactly one equality {@code key = <literal>} or {@code key = $n}
 * ({@code ?}) among the AND-ed terms of its WHERE, where {@code key} is the migrating table's sticky key column of
 * this very SELECT, either qualified or the only FROM item. Anything less plain (OR, IN lists, ranges, two such
 * equalities, an unqualified column next to a join) gives no key: the read then follows the session.
 */
final class KeyPredicate {

    private final TableModel model;
    private final Positions positions;
    private final String sql;
    private final List<Token> tokens;

    KeyPredicate(TableModel model, Positions positions, String sql, List<Token> tokens) {
        this.model = model;
        this.positions = positions;
        this.sql = sql;
        this.tokens = tokens;
    }

    /** @param uses the column references of the migrating table bound so far (the WHERE's among them) */
    StickyKey find(SqlNode where, Scope scope, List<ColumnUse> uses) {
        if (where == null || model.stickyColumn() == null) {
            return null;
        }
        List<SqlNode> terms = new ArrayList<>();
        conjuncts(where, terms);
        StickyKey found = null;
        for (SqlNode term : terms) {
            if (term.getKind() != SqlKind.EQUALS) {
                continue;
            }
            SqlCall eq = (SqlCall) term;
            StickyKey k = isKey(eq.operand(0), scope, uses) ? value(eq.operand(1))
                    : isKey(eq.operand(1), scope, uses) ? value(eq.operand(0)) : null;
            if (k != null) {
                if (found != null) {
                    return null; // two key equalities: not the simple case
                }
                found = k;
            }
        }
        return found;
    }

    /**
     * The AND-ed terms. Babel reads {@code id = $1::int8 AND b = $2::text} as
     * {@code ((id = $1)::int8 AND b = $2)::text} ({@code ::} binds looser there than in PostgreSQL), so a cast
     * around a term or around the AND is looked through.
     */
    private static void conjuncts(SqlNode node, List<SqlNode> out) {
        if (node.getKind() == SqlKind.CAST && (((SqlCall) node).operand(0).getKind() == SqlKind.EQUALS
                || ((SqlCall) node).operand(0).getKind() == SqlKind.AND
                || ((SqlCall) node).operand(0).getKind() == SqlKind.CAST)) {
            conjuncts(((SqlCall) node).operand(0), out);
        } else if (node.getKind() == SqlKind.AND) {
            for (SqlNode operand : ((SqlCall) node).getOperandList()) {
                conjuncts(operand, out);
            }
        } else {
            out.add(node);
        }
    }

    private boolean isKey(SqlNode node, Scope scope, List<ColumnUse> uses) {
        if (!(node instanceof SqlIdentifier id) || id.isStar()) {
            return false;
        }
        int start = positions.start(id);
        if (start < 0) {
            return false;
        }
        for (ColumnUse use : uses) {
            if (use.start() == start) {
                return use.source().migrating && use.scope() == scope && use.source().scope == scope
                        && model.sameName(use.column(), use.quoted(), model.stickyColumn())
                        && (use.qualified() || scope.sources.size() == 1);
            }
        }
        return false;
    }

    private StickyKey value(SqlNode node) {
        SqlNode bare = node;
        while (bare.getKind() == SqlKind.CAST) {
            bare = ((SqlCall) bare).operand(0);
        }
        boolean negative = false;
        if (bare.getKind() == SqlKind.MINUS_PREFIX) {
            negative = true;
            bare = ((SqlCall) bare).operand(0);
        }
        Token token = tokenAt(positions.start(bare));
        while (token != null && token.is(TokenKind.LPAREN)) {
            token = next(token); // a parenthesised value, as pgjdbc inlines them: CAST(('42') AS bigint)
        }
        if (token == null) {
            return null;
        }
        if (bare instanceof SqlLiteral && token.is(TokenKind.OPERATOR) && token.text(sql).equals("-")
                && !negative) {
            negative = true; // Calcite reads -5 as one literal starting at the sign
            token = next(token);
            if (token == null) {
                return null;
            }
        }
        if (bare instanceof SqlDynamicParam && token.is(TokenKind.PARAM) && !negative) {
            return StickyKey.parameter(parameterNumber(token));
        }
        if (!(bare instanceof SqlLiteral) || negative && !token.is(TokenKind.NUMBER)) {
            return null;
        }
        if (!token.is(TokenKind.NUMBER) && !token.is(TokenKind.STRING)) {
            return null;
        }
        String value = StickyKey.decodeLiteral(model.dialect(), token.text(sql));
        return value == null ? null : StickyKey.literal(negative ? StickyKey.normalise("-" + value) : value);
    }

    /** {@code $n} is parameter n; MySQL's {@code ?} is numbered by its place among the statement's {@code ?}. */
    private int parameterNumber(Token param) {
        if (model.dialect() == Dialect.POSTGRES) {
            return Integer.parseInt(param.text(sql).substring(1));
        }
        int n = 0;
        for (Token t : tokens) {
            if (t.is(TokenKind.PARAM)) {
                n++;
            }
            if (t == param) {
                return n;
            }
        }
        return n;
    }

    private Token next(Token t) {
        int i = tokens.indexOf(t);
        return i >= 0 && i + 1 < tokens.size() ? tokens.get(i + 1) : null;
    }

    private Token tokenAt(int start) {
        if (start < 0) {
            return null;
        }
        for (Token t : tokens) {
            if (t.start() == start) {
                return t;
            }
        }
        return null;
    }
}
