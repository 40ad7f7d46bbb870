package io.turnout.proxy.pg;

import io.netty.handler.ssl.SslContext;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.route.StatementPlanner;
import io.turnout.proxy.server.ClientConnections;
import io.turnout.proxy.server.Transport;

/** What every PostgreSQL session of one listener shares. TLS contexts are null when that leg has no TLS. */
record PgListenerContext(ListenerConfig config, SslContext clientTls, SslContext serverTls,
                         ChannelBindingPolicy channelBinding, CancelKeys cancelKeys,
                         Transport transport, ClientConnections connections,
                         StatementPlanner planner) {
}
