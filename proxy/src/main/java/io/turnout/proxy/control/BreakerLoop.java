package io.turnout.proxy.control;

import io.turnout.routing.model.Phase;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@value #PERIOD_MILLIS} ms: trips the breaker of any shadow or live migration whose window or watched
 * replicas breach its thresholds (so reads flip back well within a second), then advances running ramps whose gates
 * hold.
 */
public final class BreakerLoop implements AutoCloseable {

    static final long PERIOD_MILLIS = 200;

    private final ControlPlane control;
    private final Clock clock;
    private final ReplicaLagGate replicas;
    private final Map<String, BreakerWindow> windows = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    public BreakerLoop(ControlPlane control, Clock clock) {
        this(control, clock, ReplicaLagGate.NONE);
    }

    /** @param replicas the watched replicas, judged against each migration's replica-lag threshold */
    public BreakerLoop(ControlPlane control, Clock clock, ReplicaLagGate replicas) {
        this.control = control;
        this.clock = clock;
        this.replicas = replicas;
    }

    /** The watched replicas (the gate of no replica when none are configured). */
    public ReplicaLagGate replicas() {
        return replicas;
    }

    /** The window of one migration, created on first use with the migration's window length. */
    public BreakerWindow window(MigrationState state) {
        BreakerWindow w = windows.get(state.id()); // per statement: no capturing lambda when it exists
        return w != null ? w : windows.computeIfAbsent(state.id(),
                id -> new BreakerWindow(clock, state.thresholds().window()));
    }

    public Optional<BreakerWindow> existingWindow(String id) {
        return Optional.ofNullable(windows.get(id));
    }

    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "turnout-breaker");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::tickSafely, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** A failed round (e.g. a lost race with another instance, or the state store away) must not end the loop. */
    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            System.err.println("turnout: breaker round failed, retrying in " + PERIOD_MILLIS + " ms: " + e.getMessage());
        }
    }

    /** One evaluation round; public so tests can drive it with their own clock. */
    public void tick() {
        long lag = replicas.worstLagMillis();
        Map<String, Boolean> verdicts = new HashMap<>(); // migration id -> no gate breached, this round
        for (MigrationState s : control.snapshot().byId().values()) {
            if ((s.phase() != Phase.SHADOW && s.phase() != Phase.LIVE) || s.breaker().tripped()) {
                continue;
            }
            BreakerWindow w = window(s);
            if (lag >= 0) {
                w.recordReplicaLag(Duration.ofMillis(lag));
            }
            Optional<String> reason = breach(s, w);
            verdicts.put(s.id(), reason.isEmpty());
            reason.ifPresent(r -> control.trip(s.id(), r + " [window: " + w.summary() + "]", "breaker"));
        }
        // the round's verdicts, so a ramp step does not add every window up a second time
        control.advanceRamps(s -> verdicts.computeIfAbsent(s.id(), id -> breach(s, window(s)).isEmpty()));
    }

    /** Every gate: the window's figures first, then the replicas. */
    private Optional<String> breach(MigrationState s, BreakerWindow w) {
        return w.breach(s.thresholds()).or(() -> replicas.breach(s.thresholds().maxReplicaLag()));
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
