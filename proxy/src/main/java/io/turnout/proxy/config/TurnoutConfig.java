package io.turnout.proxy.config;

import java.time.Duration;
import java.util.List;

/**
 * The whole configuration file: listeners, the shutdown grace period, the admin API (null when the file has no
 * {@code admin:} section) and the migrations file applied and re-read on change (null when there is none).
 */
public record TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace, AdminConfig admin,
                            java.nio.file.Path migrationsFile) {

    public TurnoutConfig {
        listeners = List.copyOf(listeners);
    }

    public TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace, AdminConfig admin) {
        this(listeners, shutdownGrace, admin, null);
    }

    public TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace) {
        this(listeners, shutdownGrace, null, null);
    }
}
