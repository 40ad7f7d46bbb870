package io.turnout.proxy.cli;

import io.turnout.proxy.admin.AdminRuntime;
import io.turnout.proxy.config.ConfigException;
import io.turnout.proxy.config.ConfigLoader;
import io.turnout.proxy.config.Protocol;
import io.turnout.proxy.config.TurnoutConfig;
import io.turnout.proxy.server.Listener;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.SpecFileSync;
import io.turnout.proxy.route.PlannerWarmup;
import io.turnout.proxy.route.Planners;
import io.turnout.proxy.replica.ReplicaMonitor;
import io.turnout.proxy.config.StateStoreConfig;
import io.turnout.proxy.server.Listeners;
import io.turnout.routing.sql.Dialect;
import io.turnout.proxy.server.ProxyServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code turnout run --config FILE}: the proxy in front of real servers, until SIGTERM / Ctrl-C. */
@Command(name = "run", description = "Run the proxy with a YAML configuration file.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "YAML configuration file")
    Path config;

    @Option(names = "--check", description = "Only validate the configuration and exit")
    boolean check;

    @Override
    public Integer call() {
        TurnoutConfig cfg;
        try {
            cfg = new ConfigLoader().load(config);
        } catch (ConfigException e) {
            System.err.println("turnout: " + e.getMessage());
            return 2;
        }
        if (check) {
            System.out.println("configuration " + config + " is valid: " + cfg.listeners().size() + " listener(s)"
                    + (cfg.admin() == null ? ", no admin API" : ", admin API on " + cfg.admin().bind()));
            return 0;
        }
        // replicas polled on side connections; their lag gates every migration through the breaker loop
        ReplicaMonitor replicas = ReplicaMonitor.open(cfg.replicas(), Clock.systemUTC()).start();
        // the admin runtime first: the migration state is restored before the first client connects
        AdminRuntime admin = cfg.admin() == null ? null : AdminRuntime.start(cfg.admin(), Clock.systemUTC(),
                replicas);
        ControlPlane fileControl = admin == null && cfg.migrationsFile() != null ? new ControlPlane(Clock.systemUTC())
                : null;
        BreakerLoop fileBreakers = fileControl == null ? null : new BreakerLoop(fileControl, Clock.systemUTC(),
                replicas);
        SpecFileSync specFile = cfg.migrationsFile() == null ? null
                : new SpecFileSync(cfg.migrationsFile(), admin != null ? admin.control() : fileControl).start();
        if (fileBreakers != null) {
            fileBreakers.start();
        }
        // compare reads run on side connections to the state store's database, on the listeners of its engine
        StateStoreConfig store = cfg.admin() == null ? null : cfg.admin().stateStore();
        boolean mysqlStore = store != null && store.url().matches("jdbc:(mysql|mariadb):.*");
        Planners planners = planners(Dialect.POSTGRES, admin, mysqlStore ? null : store, fileControl, fileBreakers,
                cfg);
        Planners mysqlPlanners = planners(Dialect.MYSQL, admin, mysqlStore ? store : null, fileControl, fileBreakers,
                cfg);
        if (specFile != null) {
            System.out.println("turnout: migrations from " + cfg.migrationsFile() + " (re-read when it changes)"
                    + (specFile.problems().isEmpty() ? "" : "; problems: " + specFile.problems()));
        }
        if (admin != null) {
            System.out.println("turnout: admin API on " + admin.url() + " (state: " + admin.stateDescription() + ")");
        }
        if (!cfg.replicas().isEmpty()) {
            System.out.println("turnout: watching the lag of " + cfg.replicas().size() + " replica(s): "
                    + cfg.replicas().stream().map(r -> r.name()).toList());
        }
        if (admin != null || fileControl != null) {
            warmTranslators(cfg);
        }
        ProxyServer server;
        try {
            server = new ProxyServer(cfg,
                    new Listeners(planners.planner(), mysqlPlanners.planner())::listener).start();
        } catch (RuntimeException e) {
            planners.close();
            mysqlPlanners.close();
            if (admin != null) {
                admin.close();
            }
            replicas.close();
            throw e;
        }
        for (Listener l : server.listeners()) {
            System.out.println("turnout: listener '" + l.name() + "' on port " + l.boundPort() + " ("
                    + server.transportKind() + " transport)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("turnout: shutting down (grace " + cfg.shutdownGrace().toSeconds() + " s)");
            server.close();
            planners.close();
            mysqlPlanners.close();
            if (specFile != null) {
                specFile.close();
            }
            if (fileBreakers != null) {
                fileBreakers.close();
            }
            if (admin != null) {
                admin.close();
            }
            replicas.close();
            stopped.countDown();
        }, "turnout-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Loads the SQL parser, the translator and the planner before the listeners open, for the dialect of each
     * listener: otherwise the first client statement a migration concerns waits for them (about 0.4 s for the parser
     * and 30 ms for the planner on the bench machine), and so does every session that arrives meanwhile.
     */
    private static void warmTranslators(TurnoutConfig cfg) {
        cfg.listeners().stream()
                .map(l -> l.protocol() == Protocol.MYSQL ? Dialect.MYSQL : Dialect.POSTGRES)
                .distinct()
                .forEach(dialect -> {
                    long start = System.nanoTime();
                    int plans = PlannerWarmup.run(dialect).plans(); // translates every warm-up statement on the way
                    System.out.println("turnout: " + dialect.name().toLowerCase(Locale.ROOT)
                            + " translator and planner warmed up (" + plans + " plans, "
                            + (System.nanoTime() - start) / 1_000_000 + " ms)");
                });
    }

    /** With the admin API: its control plane; else the migrations file's; else no migrations at all. */
    private static Planners planners(Dialect dialect, AdminRuntime admin, StateStoreConfig compareDatabase,
                                     ControlPlane fileControl, BreakerLoop fileBreakers, TurnoutConfig cfg) {
        // shadow writes to other servers are replayed for PostgreSQL listeners only, so far
        Map<String, StateStoreConfig> targets = dialect == Dialect.POSTGRES ? cfg.targets() : Map.of();
        if (admin != null) {
            return Planners.forRuntime(dialect, admin, compareDatabase, targets);
        }
        if (fileControl != null) {
            return Planners.forControl(dialect, fileControl, fileBreakers, targets);
        }
        return Planners.passThrough();
    }
}
