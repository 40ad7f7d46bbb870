package io.turnout.proxy.config;

import java.time.Duration;
import java.util.List;

/**
 * The whole configuration file: listeners, the shutdown grace period and the admin API (null when the file has no
 * {@code admin:} section).
 */
public record TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace, AdminConfig admin) {

    public TurnoutConfig {
        listeners = List.copyOf(listeners);
    }

    public TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace) {
        this(listeners, shutdownGrace, null);
    }
}
