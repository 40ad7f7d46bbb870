package io.turnout.proxy.route;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.turnout.proxy.admin.AdminRuntime;
import io.turnout.proxy.compare.CompareRules;
import io.turnout.proxy.compare.CompareRunner;
import io.turnout.proxy.config.StateStoreConfig;
import io.turnout.routing.cache.TranslationCache;
import io.turnout.routing.sql.Dialect;

import java.time.Clock;

/**
 * The planner a listener of a running proxy gets: migrations applied from the admin runtime's control plane, with
 * untranslatable statements, outcomes and compare samples reported to it. Compare reads use side connections to the
 * database of the state store (the database the proxy fronts, in the usual set-up).
 */
public final class Planners implements AutoCloseable {

    private final StatementPlanner planner;
    private final HikariDataSource side;
    private final CompareRunner compare;

    private Planners(StatementPlanner planner, HikariDataSource side, CompareRunner compare) {
        this.planner = planner;
        this.side = side;
        this.compare = compare;
    }

    public static Planners forRuntime(Dialect dialect, AdminRuntime admin, StateStoreConfig sideDatabase) {
        if (admin == null) {
            return new Planners(StatementPlanner.PASS_THROUGH, null, null);
        }
        HikariDataSource side = null;
        CompareRunner compare = null;
        if (sideDatabase != null) {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(sideDatabase.url());
            hc.setUsername(sideDatabase.user());
            hc.setPassword(sideDatabase.password());
            hc.setMaximumPoolSize(2);
            hc.setMinimumIdle(0);
            hc.setPoolName("turnout-compare");
            hc.setInitializationFailTimeout(-1);
            side = new HikariDataSource(hc);
            compare = new CompareRunner(dialect, side, admin.control(), admin.breakers(), admin.evidence(),
                    CompareRules.DEFAULTS, Clock.systemUTC(), 2, 1_000);
            CompareRunner runner = compare;
            admin.metrics().compareSamples(runner::queued, runner::dropped, runner::skipped);
        }
        CompareRunner c = compare;
        PlannerHooks hooks = new PlannerHooks(admin.untranslatable()::record,
                c == null ? r -> { } : c,
                (plan, micros, failed) -> admin.metrics().recordStatement(plan.migrationId(), plan.path(), micros,
                        failed));
        TranslationCache cache = new TranslationCache(10_000);
        admin.metrics().cacheHitRate("translation-" + dialect.name().toLowerCase(java.util.Locale.ROOT), () -> {
            long hits = cache.hits();
            long all = hits + cache.misses();
            return all == 0 ? 0 : (double) hits / all;
        });
        return new Planners(new MigrationPlanner(dialect, admin.control(), admin.breakers(), hooks, cache), side,
                compare);
    }

    public StatementPlanner planner() {
        return planner;
    }

    @Override
    public void close() {
        if (compare != null) {
            compare.close();
        }
        if (side != null) {
            side.close();
        }
    }
}
