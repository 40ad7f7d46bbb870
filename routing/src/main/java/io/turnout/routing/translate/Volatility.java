package io.turnout.routing.translate;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Refuses to evaluate twice what would not give the same value twice. */
final class Volatility {

    private static final Set<String> VOLATILE = Set.of("nextval", "setval", "random", "gen_random_uuid",
            "uuid_generate_v1", "uuid_generate_v4", "clock_timestamp", "timeofday", "setseed", "rand", "uuid",
            "uuid_short", "sysdate", "last_insert_id", "txid_current", "pg_sleep", "sleep");
    private static final Set<String> MYSQL_CLOCK = Set.of("now", "current_timestamp", "curtime", "current_time",
            "curdate", "current_date", "unix_timestamp", "utc_timestamp", "localtime", "localtimestamp");

    private Volatility() {
    }

    static void check(Dialect dialect, String sql, List<Token> tokens, int from, int to)
            throws UntranslatableException {
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.kind() != TokenKind.WORD) {
                continue;
            }
            String word = t.text(sql).toLowerCase(Locale.ROOT);
            boolean call = i + 1 < tokens.size() && tokens.get(i + 1).is(TokenKind.LPAREN);
            if ((call && VOLATILE.contains(word)) || (dialect == Dialect.MYSQL && MYSQL_CLOCK.contains(word))) {
                throw new UntranslatableException("'" + t.text(sql) + "' would be evaluated twice with different "
                        + "results when writing both shapes; compute the value in the client");
            }
        }
    }
}
