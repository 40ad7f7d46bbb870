package io.turnout.proxy.route;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.turnout.proxy.admin.AdminRuntime;
import io.turnout.proxy.compare.CompareBudget;
import io.turnout.proxy.compare.CompareRules;
import io.turnout.proxy.compare.ComparePool;
import io.turnout.proxy.compare.CompareRunner;
import io.turnout.proxy.config.CompareLimits;
import io.turnout.proxy.config.StateStoreConfig;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.shadow.ShadowWriter;
import io.turnout.routing.cache.TranslationCache;
import io.turnout.routing.sql.Dialect;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The planner a listener of a running proxy gets, with what it needs around it: compare reads on side connections
 * to the state store's database (the database the proxy fronts, in the usual set-up), shadow writes to the
 * configured target servers, and, with the admin runtime, untranslatable statements, outcomes, cache hit ratio and
 * shadow queue figures reported to it. Owns those pools and threads; {@link #close()} ends them.
 */
public final class Planners implements AutoCloseable {

    private final StatementPlanner planner;
    private final List<AutoCloseable> owned;

    private Planners(StatementPlanner planner, List<AutoCloseable> owned) {
        this.planner = planner;
        this.owned = owned;
    }

    /** No migrations at all: every statement relayed untouched. */
    public static Planners passThrough() {
        return new Planners(StatementPlanner.PASS_THROUGH, List.of());
    }

    public static Planners forRuntime(Dialect dialect, AdminRuntime admin, StateStoreConfig sideDatabase,
                                      Map<String, StateStoreConfig> targets) {
        if (admin == null) {
            return passThrough();
        }
        List<AutoCloseable> owned = new ArrayList<>();
        CompareRunner compare = null;
        if (sideDatabase != null) {
            HikariDataSource side = ComparePool.open(sideDatabase.url(), sideDatabase.user(),
                    sideDatabase.password(), "turnout-compare", 2);
            owned.add(side);
            CompareLimits limits = admin.compareLimits();
            compare = new CompareRunner(dialect, side, admin.control(), admin.breakers(), admin.evidence(),
                    CompareRules.DEFAULTS, Clock.systemUTC(), 2, limits.queue(),
                    CompareBudget.perSecond(limits.maxPerSecond()));
            owned.add(0, compare);
            CompareRunner runner = compare;
            admin.metrics().compareSamples(runner::queued, runner::dropped, runner::skipped);
        }
        CompareRunner c = compare;
        PlannerHooks hooks = new PlannerHooks(admin.untranslatable()::record, c == null ? r -> { } : c,
                (plan, micros, failed) -> admin.metrics().recordStatement(plan.migrationId(), plan.path(), micros,
                        failed), c == null ? () -> false : c::admit);
        TranslationCache cache = new TranslationCache(10_000);
        admin.metrics().cacheHitRate("translation-" + dialect.name().toLowerCase(Locale.ROOT), () -> {
            long hits = cache.hits();
            long all = hits + cache.misses();
            return all == 0 ? 0 : (double) hits / all;
        });
        MigrationPlanner planner = new MigrationPlanner(dialect, admin.control(), admin.breakers(), hooks, cache);
        ShadowWriter writer = shadowWriter(dialect, targets, owned);
        if (writer != null) {
            planner.withShadowWriter(writer);
            Set<String> registered = ConcurrentHashMap.newKeySet();
            Runnable register = () -> admin.control().snapshot().byId().values().stream()
                    .filter(s -> s.spec().target() != null && registered.add(s.id()))
                    .forEach(s -> admin.metrics().shadowQueue(s.id(), writer, w -> w.stats(s.id()).depth(),
                            w -> w.stats(s.id()).dropped()));
            register.run();
            admin.control().addListener(change -> register.run());
        }
        return new Planners(planner, owned);
    }

    /** Migrations driven without the admin API (a migrations file): no compare reads, no metrics. */
    public static Planners forControl(Dialect dialect, ControlPlane control, BreakerLoop breakers,
                                      Map<String, StateStoreConfig> targets) {
        List<AutoCloseable> owned = new ArrayList<>();
        MigrationPlanner planner = new MigrationPlanner(dialect, control, breakers, PlannerHooks.NONE);
        ShadowWriter writer = shadowWriter(dialect, targets, owned);
        if (writer != null) {
            planner.withShadowWriter(writer);
        }
        return new Planners(planner, owned);
    }

    private static ShadowWriter shadowWriter(Dialect dialect, Map<String, StateStoreConfig> targets,
                                             List<AutoCloseable> owned) {
        if (targets == null || targets.isEmpty()) {
            return null;
        }
        Map<String, DataSource> servers = new LinkedHashMap<>();
        targets.forEach((name, login) -> {
            HikariDataSource ds = pool(login, "turnout-shadow-" + name, 2);
            owned.add(ds);
            servers.put(name, ds);
        });
        ShadowWriter writer = new ShadowWriter(dialect, servers, 10_000);
        owned.add(0, writer);
        return writer;
    }

    private static HikariDataSource pool(StateStoreConfig login, String name, int size) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(login.url());
        hc.setUsername(login.user());
        hc.setPassword(login.password());
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(0);
        hc.setPoolName(name);
        hc.setInitializationFailTimeout(-1);
        return new HikariDataSource(hc);
    }

    public StatementPlanner planner() {
        return planner;
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing at shutdown: nothing left to do with a failure
            }
        }
    }
}
