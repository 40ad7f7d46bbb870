package io.turnout.proxy.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.BreakerWindow;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.MigrationState;
import io.turnout.proxy.control.ReplicaLagGate;
import io.turnout.proxy.control.ReplicaReading;
import io.turnout.routing.model.Shape;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The proxy's Prometheus metrics. Per migration (gauges registered on first sight): phase, read and compare
 * percentage, breaker state, the breaker window's figures and compare counts. The wire code records statements per
 * migration and path; the cache and the shadow-write queue register their own gauges through the hooks.
 */
public final class TurnoutMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ControlPlane control;
    private final BreakerLoop breakers;
    private final EvidenceLog evidence;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Set<String> knownReplicas = ConcurrentHashMap.newKeySet();
    private volatile ReplicaLagGate replicas = ReplicaLagGate.NONE;
    private final Map<PathKey, PathMeters> pathMeters = new ConcurrentHashMap<>();
    /**
     * The meters each path recorded last, by {@link Shape} ordinal: with one migration in force, every statement's,
     * found without a key made or a map searched. Racy on purpose: a stale or lost entry only costs a map lookup.
     */
    private final PathMeters[] recent = new PathMeters[Shape.values().length];

    public TurnoutMetrics(ControlPlane control, BreakerLoop breakers, EvidenceLog evidence,
                          UntranslatableLog untranslatable) {
        this.control = control;
        this.breakers = breakers;
        this.evidence = evidence;
        Gauge.builder("turnout_untranslatable_statements", untranslatable::total)
                .description("statements sent to the old path unchanged because the translator could not handle them")
                .register(registry);
        control.snapshot().byId().keySet().forEach(this::prepareStatementMeters);
        control.addListener(change -> prepareStatementMeters(change.state().id()));
    }

    /**
     * Builds a migration's statement meters (both paths) ahead of its first statement, on the thread that loads or
     * changes the migration: registering a histogram timer the first time takes tens of milliseconds in a fresh
     * JVM, which an event loop would otherwise spend while every session on it waits. A migration another instance
     * created (taken from the state store) gets its meters on its first statement, as before.
     */
    private void prepareStatementMeters(String migrationId) {
        for (Shape path : Shape.values()) {
            pathMeters.computeIfAbsent(new PathKey(migrationId, path), this::pathMeters);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One client statement of a migration, served on {@code path}. */
    public void recordStatement(String migrationId, Shape path, long latencyMicros, boolean error) {
        PathMeters m = recent[path.ordinal()];
        if (m == null || !m.migrationId().equals(migrationId)) { // the usual case: the same id, same instance
            m = pathMeters.computeIfAbsent(new PathKey(migrationId, path), this::pathMeters);
            recent[path.ordinal()] = m;
        }
        m.latency().record(latencyMicros, TimeUnit.MICROSECONDS);
        if (error) {
            m.errors().increment();
        }
    }

    /** Built once per (migration, path): a builder lookup per statement costs more than the recording itself. */
    private PathMeters pathMeters(PathKey k) {
        String p = k.path().name().toLowerCase(Locale.ROOT);
        Timer latency = Timer.builder("turnout_statement").description("client statements per migration and path")
                .tags("migration", k.migrationId(), "path", p).publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100))
                .register(registry);
        Counter errors = Counter.builder("turnout_statement_errors").tags("migration", k.migrationId(), "path", p)
                .register(registry);
        return new PathMeters(k.migrationId(), latency, errors);
    }

    private record PathKey(String migrationId, Shape path) {
    }

    private record PathMeters(String migrationId, Timer latency, Counter errors) {
    }

    /** Hook: the hit rate (0..1) of a cache, e.g. the translation cache. */
    public void cacheHitRate(String cache, DoubleSupplier hitRate) {
        Gauge.builder("turnout_cache_hit_ratio", hitRate::getAsDouble).tag("cache", cache).register(registry);
    }

    /** Hook: compare samples waiting for a side connection, dropped because the queue was full, and skipped. */
    public void compareSamples(DoubleSupplier queued, DoubleSupplier dropped, DoubleSupplier skipped) {
        Gauge.builder("turnout_compare_samples", queued::getAsDouble).tag("state", "queued")
                .description("compare samples: waiting, dropped (queue full) and skipped (a side failed)")
                .register(registry);
        Gauge.builder("turnout_compare_samples", dropped::getAsDouble).tag("state", "dropped").register(registry);
        Gauge.builder("turnout_compare_samples", skipped::getAsDouble).tag("state", "skipped").register(registry);
    }

    /** Hook: the shadow-write queue of a migration, its depth and the writes it dropped so far. */
    public <T> void shadowQueue(String migrationId, T queue, ToDoubleFunction<T> depth, ToDoubleFunction<T> drops) {
        Gauge.builder("turnout_shadow_queue_depth", queue, depth).tag("migration", migrationId).register(registry);
        Gauge.builder("turnout_shadow_queue_drops", queue, drops).tag("migration", migrationId).register(registry);
    }

    /**
     * Hook: the watched replicas, one gauge set per replica name (registered on the scrape that first sees it, since
     * a primary reports the standbys connected to it): lag in seconds (-1 while unmeasured) and failed polls in a row.
     */
    public void replicas(ReplicaLagGate gate) {
        this.replicas = gate;
    }

    /** The text exposition, with gauges registered for migrations and replicas seen since the last scrape. */
    public String scrape() {
        control.snapshot().byId().keySet().forEach(this::registerMigration);
        replicas.readings().forEach(r -> registerReplica(r.replica()));
        return registry.scrape();
    }

    private void registerReplica(String name) {
        if (!knownReplicas.add(name)) {
            return;
        }
        Gauge.builder("turnout_replica_lag_seconds", () -> replica(name).map(r -> r.lagMillis() / 1e3).orElse(-1.0))
                .tag("replica", name).description("replication lag of a watched replica (-1 while not measured)")
                .register(registry);
        Gauge.builder("turnout_replica_poll_failures", () -> replica(name).map(r -> (double) r.failures())
                .orElse(0.0)).tag("replica", name)
                .description("polls in a row that measured no lag (unreachable, stopped or not a replica)")
                .register(registry);
    }

    private java.util.Optional<ReplicaReading> replica(String name) {
        return replicas.readings().stream().filter(r -> r.replica().equals(name)).findFirst();
    }

    private void registerMigration(String id) {
        if (!known.add(id)) {
            return;
        }
        gauge("turnout_migration_phase", id, "phase as 0=off 1=dual-write 2=shadow 3=live 4=rampdown 5=complete",
                s -> s.phase().ordinal());
        gauge("turnout_migration_read_percent", id, "share of reads served from the new shape (in force)",
                MigrationState::effectiveReadPercent);
        gauge("turnout_migration_compare_percent", id, "share of reads compared (in force)",
                MigrationState::effectiveComparePercent);
        gauge("turnout_migration_breaker_tripped", id, "1 while the breaker holds reads on the old shape",
                s -> s.breaker().tripped() ? 1 : 0);
        gauge("turnout_migration_version", id, "run-time state version", s -> s.version());
        for (String path : new String[] {"old", "new"}) {
            window("turnout_window_statements", id, path, w -> path.equals("new") ? w.newStatements() : w.oldStatements());
            window("turnout_window_errors", id, path, w -> path.equals("new") ? w.newErrors() : w.oldErrors());
            window("turnout_window_p95_seconds", id, path,
                    w -> (path.equals("new") ? w.newP95Micros() : w.oldP95Micros()) / 1e6);
        }
        window("turnout_window_confirmed_diffs", id, null, BreakerWindow.Summary::confirmedDiffs);
        window("turnout_window_replica_lag_seconds", id, null, w -> w.replicaLagMillis() / 1e3);
        for (String result : new String[] {"compared", "cleared_on_recheck", "confirmed"}) {
            Gauge.builder("turnout_compare_reads", () -> {
                EvidenceLog.Stats st = evidence.stats(id);
                return switch (result) {
                    case "compared" -> st.compared();
                    case "cleared_on_recheck" -> st.clearedOnRecheck();
                    default -> st.confirmed();
                };
            }).tags("migration", id, "result", result).description("compare reads since start").register(registry);
        }
    }

    private void gauge(String name, String id, String help, ToDoubleFunction<MigrationState> value) {
        Gauge.builder(name, () -> {
            MigrationState s = control.snapshot().byId().get(id);
            return s == null ? Double.NaN : value.applyAsDouble(s);
        }).tag("migration", id).description(help).register(registry);
    }

    private void window(String name, String id, String path, ToDoubleFunction<BreakerWindow.Summary> value) {
        Gauge.Builder<?> b = Gauge.builder(name, () -> breakers.existingWindow(id)
                .map(w -> value.applyAsDouble(w.summary())).orElse(0.0)).tag("migration", id);
        if (path != null) {
            b = b.tag("path", path);
        }
        b.description("breaker window figure").register(registry);
    }
}
