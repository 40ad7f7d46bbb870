package io.turnout.proxy.route;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.SqlLexer;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import io.turnout.routing.translate.Translation;
import io.turnout.routing.translate.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * For a multi-statement text, which of the client's statements each statement of the combined dual-write plan
 * serves: the translator combines the pieces' plans in order, so translating each piece on its own (a cache hit
 * after the first time) gives the length of its run. A proxy needs this to run each client statement as its own
 * atomic unit, as the server would.
 */
final class ClientStatements {

    private ClientStatements() {
    }

    /** @return one index per plan statement, or null when the pieces do not add up to the plan */
    static List<Integer> of(Dialect dialect, String sql, int planSize, Function<String, Translation> translate) {
        List<Integer> owners = new ArrayList<>();
        int start = -1;
        int end = -1;
        int piece = 0;
        List<Token> tokens = SqlLexer.tokens(dialect, sql);
        for (int i = 0; i <= tokens.size(); i++) {
            Token t = i < tokens.size() ? tokens.get(i) : null;
            if (t != null && t.kind() == TokenKind.COMMENT) {
                continue;
            }
            if (t == null || t.kind() == TokenKind.SEMICOLON) {
                if (start >= 0) {
                    Translation p = translate.apply(sql.substring(start, end));
                    if (p.dualWrite() == null && p.verdict() != Verdict.PASSTHROUGH) {
                        return null;
                    }
                    int n = p.dualWrite() == null ? 1 : p.dualWrite().statements().size(); // unchanged: itself
                    for (int k = 0; k < n; k++) {
                        owners.add(piece);
                    }
                    piece++;
                }
                start = -1;
                continue;
            }
            if (start < 0) {
                start = t.start();
            }
            end = t.end();
        }
        return owners.size() == planSize ? owners : null;
    }
}
