package io.turnout.proxy.shadow;

import io.turnout.proxy.route.PreparedSql;
import io.turnout.proxy.route.SessionView;
import io.turnout.proxy.route.ShadowWrite;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One client session's shadow writes: collected as its planned writes succeed, handed to the {@link ShadowWriter}
 * when its transaction commits (the session is idle again and no rollback was asked for), thrown away when it rolls
 * back. A rollback to a savepoint cannot be followed write by write: the transaction's pending writes are then
 * counted as failed rather than guessed.
 */
public final class ShadowSession implements StatementPlanner {

    private final StatementPlanner planner;
    private final ShadowWriter writer;
    private final List<ShadowWriter.Replay> pending = new ArrayList<>();
    private boolean rollbackAsked;
    private boolean partialRollback;
    private boolean failed;

    public ShadowSession(StatementPlanner planner, ShadowWriter writer) {
        this.planner = planner;
        this.writer = writer;
    }

    @Override
    public StatementPlan plan(String sql, SessionView session) {
        noteRollback(sql);
        return planner.plan(sql, session);
    }

    @Override
    public StatementPlan plan(PreparedSql statement, SessionView session) {
        noteRollback(statement.sql());
        return planner.plan(statement, session);
    }

    private void noteRollback(String sql) {
        String head = sql.stripLeading().toUpperCase(Locale.ROOT);
        if (head.startsWith("ROLLBACK") || head.startsWith("ABORT")) {
            if (head.matches("ROLLBACK\\s+(WORK\\s+|TRANSACTION\\s+)?TO\\b.*")) {
                partialRollback = true;
            } else {
                rollbackAsked = true;
            }
        }
    }

    @Override
    public void completed(StatementPlan plan, long latencyMicros, boolean statementFailed) {
        planner.completed(plan, latencyMicros, statementFailed);
        if (statementFailed || plan.shadow().isEmpty()) {
            return;
        }
        for (ShadowWrite w : plan.shadow()) {
            List<Object> values = new ArrayList<>();
            for (int p : w.params()) {
                values.add(p - 1 < plan.values().size() ? plan.values().get(p - 1) : null);
            }
            if (w.params().size() > plan.values().size()) {
                values = List.of(); // values not decodable: the replay fails and is counted, never guessed
            }
            pending.add(new ShadowWriter.Replay(w.migrationId(), w.server(), w.sql(), values));
        }
    }

    @Override
    public void ready(char status) {
        planner.ready(status);
        if (status == 'E') {
            failed = true;
            return;
        }
        if (status != 'I') {
            return;
        }
        if (!pending.isEmpty()) {
            if (rollbackAsked || failed) {
                pending.clear();
            } else if (partialRollback) {
                pending.forEach(r -> writer.recordFailed(r.migrationId(), 1));
                pending.clear();
            } else {
                writer.submit(List.copyOf(pending));
                pending.clear();
            }
        }
        rollbackAsked = false;
        partialRollback = false;
        failed = false;
    }
}
