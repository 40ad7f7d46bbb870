package io.turnout.proxy.mysql;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.turnout.protocol.mysql.PacketFramer;
import io.turnout.proxy.route.StatementPlanner;
import io.turnout.proxy.server.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transparent MySQL / MariaDB listener: every accepted client gets its own server connection, the handshake and
 * authentication are relayed (see {@link MySqlSession}), then packets flow untouched except for KILL ids.
 *
 * <p>The event loop groups belong to the caller (they are shared with other listeners and not shut down here).
 * Epoll groups give epoll channels, anything else NIO.
 */
public final class MySqlListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlListener.class);

    private final MySqlListenerSettings settings;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ListenerContext context;
    private final ChannelGroup clients = new DefaultChannelGroup("turnout-mysql-clients", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger active = new AtomicInteger();
    private Channel serverChannel;

    public MySqlListener(MySqlListenerSettings settings, EventLoopGroup boss, EventLoopGroup workers) {
        this(settings, boss, workers, StatementPlanner.PASS_THROUGH);
    }

    /** @param planner applies migrations to the statements of every session ({@code PASS_THROUGH}: none) */
    public MySqlListener(MySqlListenerSettings settings, EventLoopGroup boss, EventLoopGroup workers,
                         StatementPlanner planner) {
        this.settings = settings;
        this.boss = boss;
        this.workers = workers;
        SslContext upstreamSsl = TlsContexts.forUpstream(settings.upstreamTls());
        this.context = new ListenerContext(settings, new ConnectionRegistry(),
                TlsContexts.forClients(settings.clientTls()), upstreamSsl,
                upstreamSsl == null ? null : TlsContexts.rsaKeyPair(), planner);
    }

    /** Binds and returns the port (useful with bindPort 0). */
    public int start() throws InterruptedException {
        Transport.checkReachable(settings.bindHost() + ":" + settings.bindPort(), settings.upstream(), workers);
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers)
                .channel(Transports.serverChannel(boss))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ListenerContext.WATER_MARK)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accept(ch);
                    }
                });
        serverChannel = bootstrap.bind(settings.bindHost(), settings.bindPort()).sync().channel();
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.info("MySQL listener on {}:{} -> {}", settings.bindHost(), port, settings.upstream());
        return port;
    }

    private void accept(Channel ch) {
        int now = active.incrementAndGet();
        ch.closeFuture().addListener(f -> active.decrementAndGet());
        if (now > settings.maxClientConnections()) {
            LOG.warn("MySQL listener refused a client: maxClientConnections={} reached", settings.maxClientConnections());
            MySqlProxyException e = new MySqlProxyException(MySqlProxyException.TOO_MANY_CONNECTIONS, "08004",
                    "Too many connections: Turnout serves at most " + settings.maxClientConnections()
                            + " clients (maxClientConnections)");
            ch.writeAndFlush(ErrFrames.frame(ch.alloc(), 0, e)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        clients.add(ch);
        MySqlSession session = new MySqlSession(ch, context);
        if (!settings.idleTimeout().isZero()) {
            ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(),
                    TimeUnit.MILLISECONDS));
        }
        ch.pipeline().addLast(MySqlSession.FRAMER, new PacketFramer(settings.maxPacketBytes()));
        ch.pipeline().addLast(MySqlSession.SESSION, new SessionHandlers.Client(session, settings.idleTimeout()));
    }

    /** Client connections open right now. */
    public int activeConnections() {
        return active.get();
    }

    /** Proxy connection id to server thread id, for sessions past the greeting. */
    public ConnectionRegistry connectionRegistry() {
        return context.registry();
    }

    /**
     * Graceful shutdown: stop accepting, let connected clients finish for up to {@code grace}, then close whatever is
     * left. Returns when every client connection is closed.
     */
    public void close(Duration grace) {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (active.get() > 0) {
            LOG.info("MySQL listener: closing {} client connections after the {} ms grace period", active.get(),
                    grace.toMillis());
        }
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
