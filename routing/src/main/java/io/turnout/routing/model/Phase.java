package io.turnout.routing.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The life cycle of one migration, and what each phase means for the proxy.
 *
 * <pre>
 * OFF -&gt; DUAL_WRITE -&gt; SHADOW -&gt; LIVE -&gt; RAMPDOWN -&gt; COMPLETE
 *          ^  rollback: one step back (LIVE -&gt; SHADOW when the breaker trips)
 * </pre>
 */
public enum Phase {
    OFF("off", Shape.OLD, Optional.empty(), EnumSet.of(Shape.OLD), Shape.OLD,
            "nothing to undo: the new shape is neither written nor read"),
    DUAL_WRITE("dual-write", Shape.OLD, Optional.empty(), EnumSet.of(Shape.OLD, Shape.NEW), Shape.OLD,
            "back to off: stop writing the new shape; it may be dropped or re-backfilled"),
    SHADOW("shadow", Shape.OLD, Optional.of(Shape.NEW), EnumSet.of(Shape.OLD, Shape.NEW), Shape.OLD,
            "back to dual-write: stop the shadow reads and comparisons; clients never saw the new shape"),
    LIVE("live", Shape.NEW, Optional.of(Shape.OLD), EnumSet.of(Shape.OLD, Shape.NEW), Shape.OLD,
            "back to shadow: reads are served from the old shape again; no data is lost because both are written"),
    RAMPDOWN("rampdown", Shape.NEW, Optional.empty(), EnumSet.of(Shape.OLD, Shape.NEW), Shape.NEW,
            "back to live: the old shape is still written, so it is complete; the breaker takes over again"),
    COMPLETE("complete", Shape.NEW, Optional.empty(), EnumSet.of(Shape.NEW), Shape.NEW,
            "no cheap rollback: the old shape is no longer written; re-backfill it and restart at dual-write");

    private final String wireName;
    private final Shape servesReads;
    private final Optional<Shape> compared;
    private final Set<Shape> written;
    private final Shape authoritative;
    private final String rollback;

    Phase(String wireName, Shape servesReads, Optional<Shape> compared, Set<Shape> written, Shape authoritative,
            String rollback) {
        this.wireName = wireName;
        this.servesReads = servesReads;
        this.compared = compared;
        this.written = written;
        this.authoritative = authoritative;
        this.rollback = rollback;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The shape whose read result the client gets. */
    public Shape servesReads() {
        return servesReads;
    }

    /** The shape that is read in the background and compared with the served result, if any. */
    public Optional<Shape> compared() {
        return compared;
    }

    /** The shapes every write goes to (through the dual-write plan when there are two). */
    public Set<Shape> written() {
        return EnumSet.copyOf(written);
    }

    /** The shape whose content wins when the two disagree. */
    public Shape authoritative() {
        return authoritative;
    }

    /** What rolling back from this phase means. */
    public String rollback() {
        return rollback;
    }

    /** True when writes must go through the dual-write plan. */
    public boolean dualWrites() {
        return written.size() == 2;
    }

    @JsonCreator
    public static Phase parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Phase phase : values()) {
            if (phase.wireName.equals(wanted)) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown phase '" + text
                + "'; expected one of off, dual-write, shadow, live, rampdown, complete");
    }
}
