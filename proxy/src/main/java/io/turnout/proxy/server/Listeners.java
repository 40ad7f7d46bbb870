package io.turnout.proxy.server;

import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.mysql.MySqlServerListener;
import io.turnout.proxy.pg.PgListener;
import io.turnout.proxy.route.StatementPlanner;

/** Makes the listener for one configured port by its protocol, with the planner that applies migrations. */
public final class Listeners {

    private final StatementPlanner postgresPlanner;

    /** No migrations: every statement is relayed untouched. */
    public Listeners() {
        this(StatementPlanner.PASS_THROUGH);
    }

    public Listeners(StatementPlanner postgresPlanner) {
        this.postgresPlanner = postgresPlanner;
    }

    public static Listener create(ListenerConfig config, Transport transport) {
        return new Listeners().listener(config, transport);
    }

    public Listener listener(ListenerConfig config, Transport transport) {
        return switch (config.protocol()) {
            case POSTGRES -> new PgListener(config, transport, postgresPlanner);
            case MYSQL -> new MySqlServerListener(config, transport);
        };
    }
}
