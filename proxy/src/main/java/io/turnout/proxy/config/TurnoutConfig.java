package io.turnout.proxy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration file: listeners, the shutdown grace period, the admin API (null when the file has no
 * {@code admin:} section), the number of I/O threads (0: {@link #defaultIoThreads()}), the migrations file applied
 * and re-read on change (null when there is none), and the other servers that move-table migrations may target, by
 * name (their logins reuse {@link StateStoreConfig}), and the replicas whose lag gates every migration.
 */
public record TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace, AdminConfig admin,
                            int ioThreads, Path migrationsFile, Map<String, StateStoreConfig> targets,
                            List<ReplicaConfig> replicas) {

    public TurnoutConfig {
        listeners = List.copyOf(listeners);
        targets = targets == null ? Map.of() : Map.copyOf(targets);
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    public TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace, AdminConfig admin, int ioThreads,
                         Path migrationsFile, Map<String, StateStoreConfig> targets) {
        this(listeners, shutdownGrace, admin, ioThreads, migrationsFile, targets, null);
    }

    public TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace, AdminConfig admin, int ioThreads) {
        this(listeners, shutdownGrace, admin, ioThreads, null, null);
    }

    public TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace, AdminConfig admin) {
        this(listeners, shutdownGrace, admin, 0);
    }

    public TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace) {
        this(listeners, shutdownGrace, null, 0);
    }

    /** The I/O threads to start: as configured, else {@link #defaultIoThreads()}. */
    public int effectiveIoThreads() {
        return ioThreads > 0 ? ioThreads : defaultIoThreads();
    }

    /**
     * One event loop per two cores: a session costs a thread wake-up per message in each direction, and fewer loops
     * find more sessions ready per wake-up; the proxy usually shares the cores with the server and its clients.
     */
    public static int defaultIoThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
