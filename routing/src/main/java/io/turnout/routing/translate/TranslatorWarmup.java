package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.sql.Dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fixed set of statements and made-up migrations of a made-up table, translated before the first client statement
 * needs the parser's and the translator's classes. Without it, the first statement a fresh proxy plans waits for
 * Calcite's parser to load (measured at about 0.4 s on the bench machine), and every session that arrives meanwhile
 * waits behind it. The proxy plans them through its planner warm-up, which translates each on the way; {@link #run}
 * translates them alone. No database is touched; nothing is cached.
 */
public final class TranslatorWarmup {

    private static final String TABLE = "turnout_warmup";

    private TranslatorWarmup() {
    }

    /** The made-up migrations: one per kind the translator plans differently, in {@code off} as the planner's are. */
    public static List<MigrationSpec> specs() {
        return List.of(
                new MigrationSpec("warm-rename", MigrationKind.RENAME_COLUMN, TABLE, "v", "v_new", null, null, null,
                        null, null, null, null, null, Phase.OFF),
                new MigrationSpec("warm-replace", MigrationKind.REPLACE_COLUMN, TABLE, "v", "v_cents", "v * 100",
                        "v_cents / 100", null, null, null, null, null, null, Phase.OFF),
                new MigrationSpec("warm-move", MigrationKind.MOVE_TABLE, TABLE, null, TABLE + "_v2", null, null, null,
                        Map.of("v", "v_new"), null, null, null, null, Phase.OFF),
                new MigrationSpec("warm-split", MigrationKind.SPLIT_TABLE, TABLE, null, TABLE + "_ext", null, null,
                        null, null, List.of("w"), "id", "warm_id", null, Phase.OFF));
    }

    /** Reads and writes of the made-up table, with the dialect's placeholders, as applications send them. */
    public static List<String> statements(Dialect dialect) {
        String p1 = dialect == Dialect.POSTGRES ? "$1" : "?";
        String p2 = dialect == Dialect.POSTGRES ? "$2" : "?";
        String p3 = dialect == Dialect.POSTGRES ? "$3" : "?";
        return List.of(
                "SELECT v FROM " + TABLE + " WHERE id = " + p1,
                "SELECT id, v, w FROM " + TABLE + " WHERE id IN (1, 2, 3) ORDER BY id LIMIT 10",
                "SELECT t.v, count(*) AS n FROM " + TABLE + " t JOIN turnout_warmup_other o ON o.id = t.id"
                        + " WHERE t.v > " + p1 + " GROUP BY t.v",
                "INSERT INTO " + TABLE + " (id, v, w) VALUES (" + p1 + ", " + p2 + ", " + p3 + ")",
                "UPDATE " + TABLE + " SET v = v + " + p1 + ", w = " + p2 + " WHERE id = " + p3,
                "DELETE FROM " + TABLE + " WHERE id = " + p1);
    }

    /**
     * Runs the warm-up for one dialect.
     *
     * @return what each statement gave, per migration
     */
    public static List<Translation> run(Dialect dialect) {
        List<Translation> out = new ArrayList<>();
        for (MigrationSpec spec : specs()) {
            Translator translator = new Translator(dialect, spec);
            for (String sql : statements(dialect)) {
                out.add(translator.translate(sql));
            }
        }
        return out;
    }
}
