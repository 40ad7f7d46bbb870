package io.turnout.proxy.control;

import io.turnout.routing.model.Phase;

/**
 * Which phase changes are possible. Forward one step at a time; {@code live -> rampdown} only once 100% of reads are
 * served from the new shape with the breaker armed. Back to any earlier phase, except out of {@code complete}, where
 * the old shape is no longer written and so is stale.
 */
final class PhaseRules {

    private PhaseRules() {
    }

    /** Null when allowed, else why not. */
    static String refusal(MigrationState current, Phase target) {
        Phase from = current.phase();
        if (from == target) {
            return null;
        }
        if (target.ordinal() < from.ordinal()) {
            return from == Phase.COMPLETE ? "cannot leave complete: the old shape is no longer written (rollback: "
                    + from.rollback() + ")" : null;
        }
        if (target.ordinal() != from.ordinal() + 1) {
            return "phases advance one step at a time: from " + from.wireName() + " the next is "
                    + Phase.values()[from.ordinal() + 1].wireName() + ", not " + target.wireName();
        }
        if (target == Phase.RAMPDOWN && (current.readPercent() < 100 || current.breaker().tripped())) {
            return "rampdown needs live at 100% of reads with the breaker armed (now "
                    + current.readPercent() + "%" + (current.breaker().tripped() ? ", breaker tripped" : "") + ")";
        }
        return null;
    }
}
