package io.turnout.proxy.control;

import io.turnout.routing.model.MigrationSet;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The run-time state of every migration and the only place it changes. Each change is validated (400 / 404 / 409
 * through {@link ControlException}), optionally checked against the version the caller last saw, recorded as an
 * {@link AuditEvent}, published as a new {@link ControlSnapshot} and handed to listeners (persistence, metrics).
 */
public final class ControlPlane {

    /** A change: the state after it and the audit event describing it. */
    public record Change(MigrationState state, AuditEvent event) {
    }

    /**
     * Runs inside each change, before it takes effect in memory (e.g. writes it to the shared state store). If it
     * throws, the change is not made, so a lost optimistic race surfaces to the caller instead of diverging.
     */
    @FunctionalInterface
    public interface CommitGuard {
        /** @param previous the state before the change, or null when the change creates the migration */
        void beforeCommit(MigrationState previous, Change change);
    }

    private final Clock clock;
    private final Map<String, MigrationState> states = new LinkedHashMap<>();
    private final List<AuditEvent> audit = new ArrayList<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private volatile ControlSnapshot snapshot = ControlSnapshot.EMPTY;
    private volatile CommitGuard guard;
    private long setVersion;

    public ControlPlane(Clock clock) {
        this.clock = clock;
    }

    public ControlSnapshot snapshot() {
        return snapshot;
    }

    public void addListener(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** Sets the one guard every change must pass (the state store); null removes it. */
    public void setCommitGuard(CommitGuard commitGuard) {
        this.guard = commitGuard;
    }

    public synchronized MigrationState get(String id) {
        MigrationState s = states.get(id);
        if (s == null) {
            throw ControlException.notFound(id);
        }
        return s;
    }

    public synchronized List<MigrationState> list() {
        return List.copyOf(states.values());
    }

    public synchronized List<AuditEvent> audit(String migrationId) {
        return audit.stream().filter(e -> migrationId == null || e.migrationId().equals(migrationId)).toList();
    }

    public synchronized MigrationState create(MigrationSpec spec, Thresholds thresholds, String actor, String reason) {
        List<String> problems = spec.validate("spec");
        if (!problems.isEmpty()) {
            throw ControlException.invalid(String.join("; ", problems));
        }
        if (states.containsKey(spec.id())) {
            throw ControlException.conflict("a migration with id '" + spec.id() + "' exists already");
        }
        MigrationState s = new MigrationState(spec.withPhase(Phase.OFF), Phase.OFF, 0, 0, BreakerState.ARMED,
                RampState.IDLE, thresholds == null ? Thresholds.DEFAULTS : thresholds, 1, clock.instant());
        return commit(s, actor, "create", null, spec.kind().wireName() + " " + spec.table(), reason);
    }

    /** Replaces the spec of a migration; only while it is off (nothing reads or writes the new shape yet). */
    public synchronized MigrationState updateSpec(MigrationSpec spec, Thresholds thresholds, Long expectedVersion,
                                                  String actor, String reason) {
        MigrationState cur = current(spec.id(), expectedVersion);
        List<String> problems = spec.validate("spec");
        if (!problems.isEmpty()) {
            throw ControlException.invalid(String.join("; ", problems));
        }
        if (cur.phase() != Phase.OFF) {
            throw ControlException.conflict("the spec can only change while the migration is off (it is "
                    + cur.phase().wireName() + ")");
        }
        MigrationState s = new MigrationState(spec.withPhase(Phase.OFF), Phase.OFF, 0, 0, cur.breaker(), cur.ramp(),
                thresholds == null ? cur.thresholds() : thresholds, cur.version() + 1, clock.instant());
        return commit(s, actor, "update-spec", null, null, reason);
    }

    public synchronized MigrationState setPhase(String id, Phase target, Long expectedVersion, String actor,
                                                String reason) {
        MigrationState cur = current(id, expectedVersion);
        String refusal = PhaseRules.refusal(cur, Objects.requireNonNull(target, "phase"));
        if (refusal != null) {
            throw ControlException.conflict(refusal);
        }
        if (cur.phase() == target) {
            return cur;
        }
        double read = switch (target) {
            case LIVE -> cur.phase() == Phase.RAMPDOWN ? 100 : 0;
            case RAMPDOWN, COMPLETE -> 100;
            default -> 0;
        };
        RampState ramp = target == Phase.LIVE && cur.phase() == Phase.RAMPDOWN ? cur.ramp() : RampState.IDLE;
        MigrationState s = cur.next(target, read, cur.comparePercent(), cur.breaker(), ramp, clock.instant());
        return commit(s, actor, "set-phase", cur.phase().wireName(), target.wireName(), reason);
    }

    public synchronized MigrationState setReadPercent(String id, double percent, Long expectedVersion, String actor,
                                                      String reason) {
        MigrationState cur = current(id, expectedVersion);
        checkPercent("readPercent", percent);
        if (cur.phase() != Phase.LIVE) {
            throw ControlException.conflict("the read percentage can only be set in live (the migration is "
                    + cur.phase().wireName() + ")");
        }
        if (cur.breaker().tripped() && percent > 0) {
            throw ControlException.conflict("the breaker is tripped (" + cur.breaker().reason()
                    + "): re-arm it before serving reads from the new shape again");
        }
        MigrationState s = cur.next(cur.phase(), percent, cur.comparePercent(), cur.breaker(), cur.ramp(),
                clock.instant());
        return commit(s, actor, "set-read-percent", fmt(cur.readPercent()), fmt(percent), reason);
    }

    public synchronized MigrationState setComparePercent(String id, double percent, Long expectedVersion,
                                                         String actor, String reason) {
        MigrationState cur = current(id, expectedVersion);
        checkPercent("comparePercent", percent);
        MigrationState s = cur.next(cur.phase(), cur.readPercent(), percent, cur.breaker(), cur.ramp(),
                clock.instant());
        return commit(s, actor, "set-compare-percent", fmt(cur.comparePercent()), fmt(percent), reason);
    }

    /** Replaces the breaker thresholds, in any phase. */
    public synchronized MigrationState setThresholds(String id, Thresholds thresholds, Long expectedVersion,
                                                     String actor, String reason) {
        MigrationState cur = current(id, expectedVersion);
        Objects.requireNonNull(thresholds, "thresholds");
        MigrationState s = new MigrationState(cur.spec(), cur.phase(), cur.readPercent(), cur.comparePercent(),
                cur.breaker(), cur.ramp(), thresholds, cur.version() + 1, clock.instant());
        return commit(s, actor, "set-thresholds", null, null, reason);
    }

    public synchronized MigrationState startRamp(String id, List<Double> steps, Duration dwell, Long expectedVersion,
                                                 String actor, String reason) {
        MigrationState cur = current(id, expectedVersion);
        List<Double> st = steps == null || steps.isEmpty() ? RampState.DEFAULT_STEPS : steps;
        for (int i = 0; i < st.size(); i++) {
            checkPercent("steps[" + i + "]", st.get(i));
            if (i > 0 && st.get(i) <= st.get(i - 1)) {
                throw ControlException.invalid("steps: must increase, but steps[" + i + "]=" + fmt(st.get(i))
                        + " follows " + fmt(st.get(i - 1)));
            }
        }
        Duration d = dwell == null ? cur.ramp().dwell() : dwell;
        if (d.isNegative()) {
            throw ControlException.invalid("dwellSeconds: must not be negative");
        }
        if (cur.phase() != Phase.LIVE) {
            throw ControlException.conflict("a ramp runs in live (the migration is " + cur.phase().wireName() + ")");
        }
        if (cur.breaker().tripped()) {
            throw ControlException.conflict("the breaker is tripped (" + cur.breaker().reason() + "): re-arm it first");
        }
        RampState ramp = new RampState(st, d, 0, RampState.Status.RUNNING, clock.instant());
        MigrationState s = cur.next(cur.phase(), st.get(0), cur.comparePercent(), cur.breaker(), ramp,
                clock.instant());
        return commit(s, actor, "start-ramp", fmt(cur.readPercent()), fmt(st.get(0)), reason);
    }

    public synchronized MigrationState pauseRamp(String id, Long expectedVersion, String actor, String reason) {
        MigrationState cur = current(id, expectedVersion);
        if (cur.ramp().status() != RampState.Status.RUNNING) {
            throw ControlException.conflict("no ramp is running (it is " + cur.ramp().status() + ")");
        }
        RampState ramp = cur.ramp().with(RampState.Status.PAUSED, cur.ramp().position(), cur.ramp().stepStartedAt());
        return commit(cur.next(cur.phase(), cur.readPercent(), cur.comparePercent(), cur.breaker(), ramp,
                clock.instant()), actor, "pause-ramp", "running", "paused", reason);
    }

    public synchronized MigrationState resumeRamp(String id, Long expectedVersion, String actor, String reason) {
        MigrationState cur = current(id, expectedVersion);
        if (cur.ramp().status() != RampState.Status.PAUSED) {
            throw ControlException.conflict("no ramp is paused (it is " + cur.ramp().status() + ")");
        }
        if (cur.breaker().tripped()) {
            throw ControlException.conflict("the breaker is tripped (" + cur.breaker().reason() + "): re-arm it first");
        }
        RampState ramp = cur.ramp().with(RampState.Status.RUNNING, cur.ramp().position(), clock.instant());
        double read = ramp.currentStep() == null ? cur.readPercent() : ramp.currentStep();
        return commit(cur.next(cur.phase(), read, cur.comparePercent(), cur.breaker(), ramp, clock.instant()), actor,
                "resume-ramp", "paused", "running", reason);
    }

    /** Flips reads back to the old shape and stops compare load; dual writes go on. Idempotent. */
    public synchronized MigrationState trip(String id, String why, String actor) {
        MigrationState cur = current(id, null);
        if (cur.breaker().tripped()) {
            return cur;
        }
        RampState ramp = cur.ramp().status() == RampState.Status.RUNNING
                ? cur.ramp().with(RampState.Status.PAUSED, cur.ramp().position(), cur.ramp().stepStartedAt())
                : cur.ramp();
        MigrationState s = cur.next(cur.phase(), cur.readPercent(), cur.comparePercent(),
                BreakerState.tripped(why, clock.instant()), ramp, clock.instant());
        try {
            return commit(s, actor, "trip", "armed", "tripped", why);
        } catch (ControlException e) {
            throw e; // another instance changed the migration meanwhile: the caller retries on the fresh state
        } catch (RuntimeException storeDown) {
            // fail safe: reads flip back on this instance even when the shared store cannot record it
            return commitUnguarded(s, actor, "trip", "armed", "tripped", why + " (not persisted: "
                    + storeDown.getMessage() + ")");
        }
    }

    /** Re-arms the breaker; reads stay on the old shape until the percentage is set or the ramp resumed. */
    public synchronized MigrationState rearm(String id, Long expectedVersion, String actor, String reason) {
        MigrationState cur = current(id, expectedVersion);
        if (!cur.breaker().tripped()) {
            throw ControlException.conflict("the breaker is not tripped");
        }
        double read = cur.phase() == Phase.LIVE ? 0 : cur.readPercent();
        MigrationState s = cur.next(cur.phase(), read, cur.comparePercent(), BreakerState.ARMED, cur.ramp(),
                clock.instant());
        return commit(s, actor, "rearm", "tripped", "armed", reason);
    }

    /**
     * Advances running ramps whose step has lasted its dwell time, if {@code gatesHold} says the migration's
     * figures are within its thresholds. Called periodically by the breaker loop.
     */
    public synchronized void advanceRamps(Predicate<MigrationState> gatesHold) {
        for (MigrationState cur : List.copyOf(states.values())) {
            RampState r = cur.ramp();
            if (cur.phase() != Phase.LIVE || r.status() != RampState.Status.RUNNING || cur.breaker().tripped()) {
                continue;
            }
            if (Duration.between(r.stepStartedAt(), clock.instant()).compareTo(r.dwell()) < 0 || !gatesHold.test(cur)) {
                continue;
            }
            boolean last = r.position() + 1 >= r.steps().size();
            RampState next = last ? r.with(RampState.Status.DONE, r.position(), r.stepStartedAt())
                    : r.with(RampState.Status.RUNNING, r.position() + 1, clock.instant());
            double read = last ? cur.readPercent() : next.currentStep();
            commit(cur.next(cur.phase(), read, cur.comparePercent(), cur.breaker(), next, clock.instant()), "ramp",
                    last ? "ramp-done" : "ramp-step", fmt(cur.readPercent()), fmt(read),
                    "step held for " + r.dwell().toSeconds() + " s with every gate within its threshold");
        }
    }

    /** Loads persisted state at start-up (no audit event, no listener call). */
    public synchronized void restore(Collection<MigrationState> saved, List<AuditEvent> savedAudit) {
        states.clear();
        saved.forEach(s -> states.put(s.id(), s));
        audit.clear();
        audit.addAll(savedAudit);
        publish();
    }

    /** Takes a newer state written by another proxy instance; older or equal versions are ignored. */
    public synchronized boolean applyRemote(MigrationState remote, AuditEvent event) {
        MigrationState cur = states.get(remote.id());
        if (cur != null && cur.version() >= remote.version()) {
            return false;
        }
        states.put(remote.id(), remote);
        if (event != null) {
            audit.add(event);
        }
        publish();
        return true;
    }

    /**
     * Takes a state written by another proxy instance with the audit events it wrote meanwhile: the state only when
     * it is newer than the one held, the events (which no local change produced) always.
     */
    public synchronized boolean applyRemote(MigrationState remote, List<AuditEvent> events) {
        MigrationState cur = remote == null ? null : states.get(remote.id());
        boolean newer = remote != null && (cur == null || cur.version() < remote.version());
        if (newer) {
            states.put(remote.id(), remote);
        }
        audit.addAll(events);
        if (newer || !events.isEmpty()) {
            publish();
        }
        return newer;
    }

    private MigrationState current(String id, Long expectedVersion) {
        MigrationState cur = states.get(id);
        if (cur == null) {
            throw ControlException.notFound(id);
        }
        if (expectedVersion != null && expectedVersion != cur.version()) {
            throw ControlException.conflict("migration '" + id + "' changed meanwhile: you sent version "
                    + expectedVersion + ", it is at " + cur.version() + "; reload and retry");
        }
        return cur;
    }

    private MigrationState commit(MigrationState s, String actor, String action, String from, String to,
                                  String reason) {
        return commit(s, actor, action, from, to, reason, true);
    }

    private MigrationState commitUnguarded(MigrationState s, String actor, String action, String from, String to,
                                           String reason) {
        return commit(s, actor, action, from, to, reason, false);
    }

    private MigrationState commit(MigrationState s, String actor, String action, String from, String to,
                                  String reason, boolean guarded) {
        AuditEvent e = new AuditEvent(clock.instant(), actor == null ? "operator" : actor, s.id(), action, from, to,
                reason);
        Change change = new Change(s, e);
        CommitGuard g = guard;
        if (g != null && guarded) {
            g.beforeCommit(states.get(s.id()), change);
        }
        states.put(s.id(), s);
        audit.add(e);
        publish();
        listeners.forEach(l -> l.accept(change));
        return s;
    }

    private void publish() {
        setVersion++;
        Map<String, MigrationState> byId = new LinkedHashMap<>(states);
        snapshot = new ControlSnapshot(setVersion, byId,
                new MigrationSet(setVersion, byId.values().stream().map(MigrationState::spec).toList()));
    }

    private static void checkPercent(String field, double p) {
        if (!(p >= 0 && p <= 100)) {
            throw ControlException.invalid(field + ": must be between 0 and 100, got " + p);
        }
    }

    private static String fmt(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
