package io.turnout.proxy.admin;

import io.turnout.proxy.config.AdminConfig;
import io.turnout.proxy.config.CompareLimits;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.ReplicaLagGate;
import io.turnout.proxy.state.StateStore;

import java.time.Clock;

/**
 * Everything an operator drives migrations through, started in order and closed in reverse: the control plane,
 * restored from and guarded by the state store (when one is configured), the breaker loop, the compare evidence and
 * untranslatable logs, the metrics and the admin HTTP API. The wire code takes {@link #control()},
 * {@link #breakers()}, {@link #evidence()}, {@link #untranslatable()} and {@link #metrics()} from here.
 */
public final class AdminRuntime implements AutoCloseable {

    private final ControlPlane control;
    private final StateStore store;
    private final BreakerLoop breakers;
    private final EvidenceLog evidence;
    private final UntranslatableLog untranslatable;
    private final TurnoutMetrics metrics;
    private final AdminServer server;
    private final CompareLimits compareLimits;

    private AdminRuntime(ControlPlane control, StateStore store, BreakerLoop breakers, EvidenceLog evidence,
                         UntranslatableLog untranslatable, TurnoutMetrics metrics, AdminServer server,
                         CompareLimits compareLimits) {
        this.compareLimits = compareLimits;
        this.control = control;
        this.store = store;
        this.breakers = breakers;
        this.evidence = evidence;
        this.untranslatable = untranslatable;
        this.metrics = metrics;
        this.server = server;
    }

    public static AdminRuntime start(AdminConfig config, Clock clock) {
        return start(config, clock, ReplicaLagGate.NONE);
    }

    /** @param replicas the watched replicas: judged by the breaker, shown per migration and in /metrics */
    public static AdminRuntime start(AdminConfig config, Clock clock, ReplicaLagGate replicas) {
        ControlPlane control = new ControlPlane(clock);
        StateStore store = null;
        if (config.stateStore() != null) {
            store = StateStore.open(config.stateStore(), config.instanceName());
            store.attach(control);
        }
        BreakerLoop breakers = new BreakerLoop(control, clock, replicas);
        EvidenceLog evidence = new EvidenceLog(100);
        UntranslatableLog untranslatable = new UntranslatableLog(clock, 1_000);
        TurnoutMetrics metrics = new TurnoutMetrics(control, breakers, evidence, untranslatable);
        metrics.replicas(replicas);
        StateStore s = store;
        AdminServer server = new AdminServer(config.bind(), config.token(), control, breakers, evidence,
                untranslatable, metrics, () -> s == null || s.healthy());
        try {
            server.start();
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            throw e;
        }
        breakers.start();
        return new AdminRuntime(control, store, breakers, evidence, untranslatable, metrics, server,
                config.compare() == null ? CompareLimits.DEFAULTS : config.compare());
    }

    /** How much compare work this proxy may do (the admin section's {@code compare}). */
    public CompareLimits compareLimits() {
        return compareLimits;
    }

    public ControlPlane control() {
        return control;
    }

    public BreakerLoop breakers() {
        return breakers;
    }

    public EvidenceLog evidence() {
        return evidence;
    }

    public UntranslatableLog untranslatable() {
        return untranslatable;
    }

    public TurnoutMetrics metrics() {
        return metrics;
    }

    public AdminServer server() {
        return server;
    }

    public String url() {
        return server.url();
    }

    /** Where state is kept: the store's description, or "memory only". */
    public String stateDescription() {
        return store == null ? "memory only (no admin.stateStore configured)" : store.description();
    }

    @Override
    public void close() {
        server.close();
        breakers.close();
        if (store != null) {
            store.close();
        }
    }
}
