package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationSet;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.Fingerprint;
import io.turnout.routing.sql.TableMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * Translates statements for every migration of a set that is not off: finds the one migration a statement touches
 * (fast path when none), and refuses statements that touch two.
 */
public final class MigrationSetTranslator {

    private final Dialect dialect;
    private final long version;
    private final List<Translator> translators = new ArrayList<>();
    private final List<MigrationSpec> specs = new ArrayList<>();
    /** Every table of every migration: one lexer pass decides the fast path. */
    private final TableMatcher anyTable;

    public MigrationSetTranslator(Dialect dialect, MigrationSet set) {
        this.dialect = dialect;
        this.version = set.version();
        for (MigrationSpec spec : set.migrations()) {
            if (spec.phase() != Phase.OFF) {
                translators.add(new Translator(dialect, spec));
                specs.add(spec);
            }
        }
        Set<String> tables = new HashSet<>();
        specs.forEach(spec -> tables.addAll(spec.mentionedTables()));
        this.anyTable = new TableMatcher(dialect, tables);
    }

    public Dialect dialect() {
        return dialect;
    }

    public long version() {
        return version;
    }

    /** The fast path: true when some migration must look at the statement. */
    public boolean concerns(String sql) {
        return anyTable.mentionedIn(sql);
    }

    public Translation translate(String sql) {
        if (!anyTable.mentionedIn(sql)) {
            return Translation.passthrough(sql);
        }
        Translator found = null;
        for (int i = 0; i < translators.size(); i++) {
            Translator t = translators.get(i);
            if (t.concerns(sql)) {
                if (found != null) {
                    return Translation.untranslatable(sql, Fingerprint.of(dialect, sql), StatementKind.OTHER,
                            "the statement touches two migrations (" + specs.get(translators.indexOf(found)).id()
                                    + " and " + specs.get(i).id() + "); run them one after the other", null);
                }
                found = t;
            }
        }
        return found == null ? Translation.passthrough(sql) : found.translate(sql);
    }
}
