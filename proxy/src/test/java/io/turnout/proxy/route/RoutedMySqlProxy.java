package io.turnout.proxy.route;

import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.Protocol;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.TurnoutConfig;
import io.turnout.proxy.config.Upstream;
import io.turnout.proxy.mysql.MySqlServerListener;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.sql.Dialect;
import io.turnout.testkit.DbEndpoint;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A MySQL listener named "my" on an ephemeral loopback port, in front of a test server, with a planner. */
final class RoutedMySqlProxy {

    private RoutedMySqlProxy() {
    }

    static ProxyServer start(DbEndpoint upstream, StatementPlanner planner) {
        ListenerConfig config = new ListenerConfig("my", Protocol.MYSQL, new HostPort("127.0.0.1", 0),
                Upstream.tcp(upstream.host(), upstream.port()), TlsConfig.NONE, Limits.DEFAULTS);
        return new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new MySqlServerListener(c, t, planner)).start();
    }

    /** The corpus's split of users into user_profiles (bio and avatar_url moved, keyed by user_id): both tables. */
    static void createSplitTables(Statement s) throws SQLException {
        s.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100), bio TEXT, avatar_url VARCHAR(200))"
                + " ENGINE=InnoDB");
        s.execute("CREATE TABLE user_profiles (user_id BIGINT PRIMARY KEY, bio TEXT, avatar_url VARCHAR(200),"
                + " FOREIGN KEY (user_id) REFERENCES users(id)) ENGINE=InnoDB");
    }

    /** That split as migration "m4" in dual-write, and a listener routing by it. */
    static ProxyServer startSplitTableInDualWrite(DbEndpoint upstream) {
        ControlPlane control = new ControlPlane(Clock.systemUTC());
        control.create(new MigrationSpec("m4", MigrationKind.SPLIT_TABLE, "users", null, "user_profiles", null, null,
                null, null, List.of("bio", "avatar_url"), null, "user_id", null, null), null, "test", null);
        control.setPhase("m4", Phase.DUAL_WRITE, null, "test", null);
        return start(upstream, new MigrationPlanner(Dialect.MYSQL, control, new BreakerLoop(control,
                Clock.systemUTC()), t -> { }));
    }
}
