package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;

/** One write statement with what the planners need: text, tokens, skeleton, facts, migration. */
record WriteContext(Dialect dialect, MigrationSpec spec, TableModel model, String sql, List<Token> tokens, Dml dml,
        Facts facts) {

    Token token(int i) {
        return tokens.get(i);
    }

    int startOf(int tokenIndex) {
        return tokens.get(tokenIndex).start();
    }

    int endOf(int tokenIndexExclusive) {
        return tokens.get(tokenIndexExclusive - 1).end();
    }

    String text(int fromToken, int toToken) {
        return Tokens.text(tokens, sql, fromToken, toToken);
    }

    /** The name a single identifier token stands for (quotes removed). */
    String bare(int i) {
        Token t = tokens.get(i);
        String s = t.text(sql);
        return t.is(TokenKind.QUOTED_IDENT) ? s.substring(1, s.length() - 1) : s;
    }

    boolean names(int i, String column) {
        return model.sameName(bare(i), tokens.get(i).is(TokenKind.QUOTED_IDENT), column);
    }

    /** The written table name of the target (last component). */
    int tableNameToken() {
        return dml.tableTo - 1;
    }

    boolean targetIsMigrating() {
        if (dml.multiTable) {
            return dml.set.stream().anyMatch(a -> assignsMigrating(a));
        }
        return names(tableNameToken(), model.table());
    }

    /** For an assignment target: is it a column of the migrating table? */
    boolean assignsMigrating(Dml.Assignment a) {
        if (!dml.multiTable) {
            return names(tableNameToken(), model.table());
        }
        int start = startOf(a.targetFrom());
        return facts.columns.stream().anyMatch(c -> c.start() == start);
    }

    /** The last component token of an assignment target. */
    int targetColumn(Dml.Assignment a) {
        return a.targetTo() - 1;
    }

    List<Integer> identity() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= StatementWriter.parameterCount(dialect, sql, tokens); i++) {
            ids.add(i);
        }
        return ids;
    }

    boolean hasParam(int from, int to) {
        for (int i = from; i < to; i++) {
            if (tokens.get(i).is(TokenKind.PARAM)) {
                return true;
            }
        }
        return false;
    }
}
