package io.turnout.proxy.mysql;

import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.route.StatementPlanner;
import io.turnout.proxy.server.Listener;
import io.turnout.proxy.server.Transport;

import java.time.Duration;

/** A MySQL {@link MySqlListener} configured from the YAML listener section, as one of the proxy's listeners. */
public final class MySqlServerListener implements Listener {

    private final String name;
    private final MySqlListener listener;
    private int port;

    public MySqlServerListener(ListenerConfig config, Transport transport) {
        this(config, transport, StatementPlanner.PASS_THROUGH);
    }

    /** @param planner applies the migrations in force to every session's statements */
    public MySqlServerListener(ListenerConfig config, Transport transport, StatementPlanner planner) {
        this.name = config.name();
        this.listener = new MySqlListener(settings(config), transport.boss(), transport.workers(), planner);
    }

    static MySqlListenerSettings settings(ListenerConfig c) {
        TlsConfig tls = c.tls();
        MySqlListenerSettings.ClientTls clientTls = tls.clientTlsEnabled()
                ? new MySqlListenerSettings.ClientTls(true, tls.clientCert(), tls.clientKey())
                : MySqlListenerSettings.ClientTls.disabled();
        MySqlListenerSettings.UpstreamTls upstreamTls = new MySqlListenerSettings.UpstreamTls(
                switch (tls.serverMode()) {
                    case DISABLE -> MySqlListenerSettings.UpstreamTlsMode.DISABLE;
                    case REQUIRE -> MySqlListenerSettings.UpstreamTlsMode.REQUIRE;
                    case VERIFY_FULL -> MySqlListenerSettings.UpstreamTlsMode.VERIFY_FULL;
                }, tls.serverCa());
        return new MySqlListenerSettings(c.bind().host(), c.bind().port(), c.upstream(),
                c.limits().maxMessageBytes(), c.limits().maxClientConnections(), c.limits().connectTimeout(),
                c.limits().idleTimeout(), clientTls, upstreamTls);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int start() {
        try {
            port = listener.start();
            return port;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding listener '" + name + "'", e);
        }
    }

    @Override
    public int boundPort() {
        return port;
    }

    @Override
    public int activeSessions() {
        return listener.activeConnections();
    }

    @Override
    public void shutdown(Duration grace) {
        listener.close(grace);
    }
}
