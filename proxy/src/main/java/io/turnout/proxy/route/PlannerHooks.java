package io.turnout.proxy.route;

import io.turnout.routing.translate.Translation;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Where the planner reports: statements it could not translate (they ran unchanged on the old path), sampled reads
 * to compare, and the outcome of every planned statement (for metrics); and whether a read picked for compare may
 * be sampled now ({@code compareAdmits}: the compare budget, which counts what it refuses as dropped).
 */
public record PlannerHooks(Consumer<Translation> untranslatable, Consumer<CompareRequest> compare,
                           Outcomes outcomes, BooleanSupplier compareAdmits) {

    /** Every sampled read admitted. */
    public PlannerHooks(Consumer<Translation> untranslatable, Consumer<CompareRequest> compare, Outcomes outcomes) {
        this(untranslatable, compare, outcomes, () -> true);
    }

    /** Receives the outcome of each planned statement. */
    @FunctionalInterface
    public interface Outcomes {
        void record(StatementPlan plan, long latencyMicros, boolean failed);
    }

    public static final PlannerHooks NONE = new PlannerHooks(t -> { }, r -> { }, (p, l, f) -> { });
}
