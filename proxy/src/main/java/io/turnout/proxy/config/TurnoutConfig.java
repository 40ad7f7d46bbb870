package io.turnout.proxy.config;

import java.time.Duration;
import java.util.List;

/** The whole configuration file: listeners and the shutdown grace period. */
public record TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace) {

    public TurnoutConfig {
        listeners = List.copyOf(listeners);
    }
}
