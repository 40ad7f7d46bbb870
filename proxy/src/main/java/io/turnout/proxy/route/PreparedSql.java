package io.turnout.proxy.route;

import io.turnout.proxy.control.ControlSnapshot;
import io.turnout.proxy.control.MigrationState;
import io.turnout.routing.translate.Translation;

/**
 * A client's prepared statement (Parse, COM_STMT_PREPARE) as its session keeps it between executions. Every
 * execution is planned again, so the path is chosen per execution; what does not change between executions, the
 * migration that concerns the text and its translation, is remembered here for as long as the migrations in force
 * stay the same control snapshot. That spares each execution the text's lexing and the translation cache lookup.
 * Belongs to one session and is used on its event loop only.
 */
public final class PreparedSql {

    private final String sql;
    /** The snapshot the fields below were resolved against; null until first planned. */
    ControlSnapshot snapshot;
    /** The migration whose translator did not pass the text, or null when every one passed it. */
    MigrationState state;
    /** That migration's translation of the text, or null. */
    Translation translation;
    /**
     * Plans that do not vary between executions under this snapshot, made on first use: the read on each shape
     * without a compare sample, and the write. Plans are immutable, so executions share them.
     */
    StatementPlan oldRead;
    StatementPlan newRead;
    StatementPlan write;
    /** Whether the old-path form orders its rows (how compare samples of it are compared), once known. */
    Boolean ordered;

    public PreparedSql(String sql) {
        this.sql = sql;
    }

    public String sql() {
        return sql;
    }
}
