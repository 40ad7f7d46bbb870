package io.turnout.proxy.server;

import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.pg.PgListener;

/** Makes the listener for one configured port by its protocol. */
public final class Listeners {

    private Listeners() {
    }

    public static Listener create(ListenerConfig config, Transport transport) {
        return switch (config.protocol()) {
            case POSTGRES -> new PgListener(config, transport);
            case MYSQL -> throw new IllegalStateException("listener '" + config.name()
                    + "': the MySQL listener is not wired in yet");
        };
    }
}
