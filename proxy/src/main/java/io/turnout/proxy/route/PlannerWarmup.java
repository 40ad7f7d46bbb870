package io.turnout.proxy.route;

import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.routing.cache.TranslationCache;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.TranslatorWarmup;

import java.time.Clock;
import java.util.List;

/**
 * Plans the translator warm-up's statements through planners of its own, each with one made-up migration live at
 * 50% and compare at 50%, as prepared statements executed with a few key values and as plain text. A fresh proxy
 * otherwise spends its first client statement loading the planner's classes, its translation cache and the
 * generated {@code equals}/{@code hashCode} of the records it compares (about 30 ms measured on the bench machine)
 * while every session on that event loop waits. Nothing here is shared with the running proxy: its own control
 * planes, caches and breaker windows, no database, no metrics.
 */
public final class PlannerWarmup {

    private static final String ACTOR = "turnout warm-up";
    private static final int EXECUTIONS = 8;

    private PlannerWarmup() {
    }

    /**
     * What the warm-up planned, so that a test can see it went through every kind of plan the wire code handles.
     *
     * @param plans    plans made
     * @param newPath  reads planned on the new shape
     * @param compared reads sampled for compare (their plans re-made with the bound values)
     * @param hidden   statements the client does not see (the other half of dual writes)
     * @param ahead    of those, the ones sent ahead of the client's statement
     */
    public record Result(int plans, int newPath, int compared, int hidden, int ahead) {
    }

    /** Runs the warm-up for one dialect. */
    public static Result run(Dialect dialect) {
        Clock clock = Clock.systemUTC();
        int plans = 0;
        int newPath = 0;
        int compared = 0;
        int hidden = 0;
        int ahead = 0;
        for (MigrationSpec spec : TranslatorWarmup.specs()) {
            ControlPlane control = new ControlPlane(clock);
            control.create(spec, null, ACTOR, null);
            for (Phase p : List.of(Phase.DUAL_WRITE, Phase.SHADOW, Phase.LIVE)) {
                control.setPhase(spec.id(), p, null, ACTOR, null);
            }
            control.setReadPercent(spec.id(), 50, null, ACTOR, null);
            control.setComparePercent(spec.id(), 50, null, ACTOR, null);
            MigrationPlanner planner = new MigrationPlanner(dialect, control, new BreakerLoop(control, clock),
                    PlannerHooks.NONE, new TranslationCache(64));
            DeferredReads session = new DeferredReads(planner);
            for (String sql : TranslatorWarmup.statements(dialect)) {
                PreparedSql prepared = new PreparedSql(sql);
                for (int key = 1; key <= EXECUTIONS; key++) {
                    long k = key;
                    boolean inTransaction = key % 4 == 0;
                    SessionView view = new SessionView(k, inTransaction, inTransaction ? Shape.NEW : null)
                            .withParameters(n -> k);
                    StatementPlan plan = session.plan(prepared, view);
                    if (plan == null) {
                        continue;
                    }
                    plans++;
                    hidden += plan.statements().size() - plan.visibleCount();
                    PlannedSql visible = plan.firstVisible();
                    ahead += visible == null ? 0 : plan.statements().indexOf(visible); // as the wire code finds it
                    if (!plan.write() && plan.path() == Shape.NEW) {
                        newPath++;
                    }
                    if (plan.compare() != null) {
                        compared += plan.withParameters(List.of(k, k, k)).compare() != null ? 1 : 0;
                    }
                    session.completed(plan, 100 + key, false);
                }
                session.afterFlush();
                if (session.plan(sql, new SessionView(1, false, null)) != null) {
                    plans++;
                }
            }
        }
        return new Result(plans, newPath, compared, hidden, ahead);
    }
}
