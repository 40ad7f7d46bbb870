package io.turnout.proxy.server;

import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.mysql.MySqlServerListener;
import io.turnout.proxy.pg.PgListener;
import io.turnout.proxy.route.StatementPlanner;

/** Makes the listener for one configured port by its protocol, with the planner that applies migrations. */
public final class Listeners {

    private final StatementPlanner postgresPlanner;
    private final StatementPlanner mysqlPlanner;

    /** No migrations: every statement is relayed untouched. */
    public Listeners() {
        this(StatementPlanner.PASS_THROUGH);
    }

    /** Migrations on PostgreSQL listeners only. */
    public Listeners(StatementPlanner postgresPlanner) {
        this(postgresPlanner, StatementPlanner.PASS_THROUGH);
    }

    /** Each protocol's listeners with the planner of their SQL dialect. */
    public Listeners(StatementPlanner postgresPlanner, StatementPlanner mysqlPlanner) {
        this.postgresPlanner = postgresPlanner;
        this.mysqlPlanner = mysqlPlanner;
    }

    public static Listener create(ListenerConfig config, Transport transport) {
        return new Listeners().listener(config, transport);
    }

    public Listener listener(ListenerConfig config, Transport transport) {
        return switch (config.protocol()) {
            case POSTGRES -> new PgListener(config, transport, postgresPlanner);
            case MYSQL -> new MySqlServerListener(config, transport, mysqlPlanner);
        };
    }
}
