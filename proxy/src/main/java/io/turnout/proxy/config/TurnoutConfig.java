package io.turnout.proxy.config;

import java.time.Duration;
import java.util.List;

/**
 * The whole configuration file: listeners, the shutdown grace period, the admin API (null when the file has no
 * {@code admin:} section) and the number of I/O threads (0: {@link #defaultIoThreads()}).
 */
public record TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace, AdminConfig admin,
                            int ioThreads) {

    public TurnoutConfig {
        listeners = List.copyOf(listeners);
    }

    public TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace, AdminConfig admin) {
        this(listeners, shutdownGrace, admin, 0);
    }

    public TurnoutConfig(List<ListenerConfig> listeners, Duration shutdownGrace) {
        this(listeners, shutdownGrace, null);
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
