package io.turnout.proxy.config;

import java.time.Duration;
import java.util.List;

/**
 * The whole configuration file: listeners, the shutdown grace period, the admin API (null when the file has no
 * {@code admin:} section), the migrations file applied and re-read on change (null when there is none), and the
 * other servers that move-table migrations may target, by name (their logins reuse {@link StateStoreConfig}).
 */
public record TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace, AdminConfig admin,
                            java.nio.file.Path migrationsFile, java.util.Map<String, StateStoreConfig> targets) {

    public TurnoutConfig {
        listeners = List.copyOf(listeners);
        targets = targets == null ? java.util.Map.of() : java.util.Map.copyOf(targets);
    }

    public TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace, AdminConfig admin) {
        this(listeners, shutdownGrace, admin, null, null);
    }

    public TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace) {
        this(listeners, shutdownGrace, null, null, null);
    }
}
