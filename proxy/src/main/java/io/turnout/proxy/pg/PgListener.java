package io.turnout.proxy.pg;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.turnout.protocol.pg.codec.PgStartupFrameDecoder;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.route.StatementPlanner;
import io.turnout.proxy.server.ClientConnections;
import io.turnout.proxy.server.Listener;
import io.turnout.proxy.server.TlsContexts;
import io.turnout.proxy.server.Transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A PostgreSQL listener: accepts clients and gives each a {@link PgFrontendHandler} session. */
public final class PgListener implements Listener {

    private final PgListenerContext context;
    private Channel serverChannel;

    public PgListener(ListenerConfig config, Transport transport) {
        this(config, transport, StatementPlanner.PASS_THROUGH);
    }

    /** @param planner decides, per client statement, what is sent instead (migrations); PASS_THROUGH relays all */
    public PgListener(ListenerConfig config, Transport transport, StatementPlanner planner) {
        this.context = new PgListenerContext(config, TlsContexts.forClients(config.tls()),
                TlsContexts.forServer(config.tls()), ChannelBindingPolicy.of(config.tls()), new CancelKeys(), transport,
                new ClientConnections(config.limits().maxClientConnections()), planner);
    }

    @Override
    public String name() {
        return context.config().name();
    }

    @Override
    public int start() {
        ListenerConfig config = context.config();
        Transport.checkReachable(config.name(), config.upstream(), context.transport().workers());
        ServerBootstrap b = new ServerBootstrap()
                .group(context.transport().boss(), context.transport().workers())
                .channel(context.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        Duration idle = config.limits().idleTimeout();
                        if (!idle.isZero()) {
                            p.addLast("idle", new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS));
                        }
                        p.addLast("startup", new PgStartupFrameDecoder(config.limits().maxStartupBytes()));
                        p.addLast("session", new PgFrontendHandler(context));
                    }
                });
        try {
            serverChannel = b.bind(config.bind().host(), config.bind().port()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + config.bind(), e);
        } catch (Exception e) {
            throw new IllegalStateException("listener '" + config.name() + "' cannot bind " + config.bind() + ": "
                    + e.getMessage(), e);
        }
        return boundPort();
    }

    @Override
    public int boundPort() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public int activeSessions() {
        return context.connections().open();
    }

    /** Cancel keys currently registered (one per authenticated session); for leak checks. */
    public int registeredCancelKeys() {
        return context.cancelKeys().size();
    }

    @Override
    public void shutdown(Duration grace) {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (!context.connections().awaitDrained(grace)) {
            context.connections().closeAll();
        }
    }
}
