package io.turnout.proxy.route;

import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.Protocol;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.TurnoutConfig;
import io.turnout.proxy.mysql.MySqlServerListener;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.testkit.DbEndpoint;

import java.time.Duration;
import java.util.List;

/** A MySQL listener named "my" on an ephemeral loopback port, in front of a test server, with a planner. */
final class RoutedMySqlProxy {

    private RoutedMySqlProxy() {
    }

    static ProxyServer start(DbEndpoint upstream, StatementPlanner planner) {
        ListenerConfig config = new ListenerConfig("my", Protocol.MYSQL, new HostPort("127.0.0.1", 0),
                new HostPort(upstream.host(), upstream.port()), TlsConfig.NONE, Limits.DEFAULTS);
        return new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new MySqlServerListener(c, t, planner)).start();
    }
}
