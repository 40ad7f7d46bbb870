package io.turnout.proxy.route;

import io.turnout.routing.translate.Translation;

import java.util.function.Consumer;

/**
 * Where the planner reports: statements it could not translate (they ran unchanged on the old path), sampled reads
 * to compare, and the outcome of every planned statement (for metrics).
 */
public record PlannerHooks(Consumer<Translation> untranslatable, Consumer<CompareRequest> compare,
                           Outcomes outcomes) {

    /** Receives the outcome of each planned statement. */
    @FunctionalInterface
    public interface Outcomes {
        void record(StatementPlan plan, long latencyMicros, boolean failed);
    }

    public static final PlannerHooks NONE = new PlannerHooks(t -> { }, r -> { }, (p, l, f) -> { });
}
