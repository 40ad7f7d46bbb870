package io.turnout.proxy.server;

import java.time.Duration;

/** One listening port of one protocol, with the sessions it accepted. */
public interface Listener {

    String name();

    /** Binds and starts accepting; returns the bound port (useful with port 0). */
    int start();

    int boundPort();

    int activeSessions();

    /** Stops accepting, waits up to {@code grace} for sessions to end on their own, then closes the rest. */
    void shutdown(Duration grace);
}
