package io.turnout.proxy.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.state.StateCodec;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The admin HTTP API on its own port (loopback unless configured otherwise). Endpoints run on a small pool of their
 * own, since a change waits for the state store's write, never on an I/O thread.
 *
 * <pre>
 *   HttpServerCodec ─▶ HttpObjectAggregator (1 MiB) ─▶ AdminHandler ─▶ [admin pool] Router ─▶ endpoints
 * </pre>
 */
public final class AdminServer implements AutoCloseable {

    private static final int MAX_BODY_BYTES = 1 << 20;

    private final HostPort bind;
    private final Router router = new Router();
    private final AdminHandler handler;
    private final ExecutorService workers;
    private EventLoopGroup loop;
    private Channel channel;
    private ChannelGroup children;

    /**
     * @param ready whether the proxy may take traffic (the state store is reachable); {@code /ready} answers 503
     *              otherwise
     */
    public AdminServer(HostPort bind, String token, ControlPlane control, BreakerLoop breakers,
                       EvidenceLog evidence, UntranslatableLog untranslatable, TurnoutMetrics metrics,
                       BooleanSupplier ready) {
        this.bind = bind;
        MigrationView view = new MigrationView(new StateCodec(), breakers);
        MigrationEndpoints migrations = new MigrationEndpoints(control, view);
        migrations.register(router);
        new KnobEndpoints(control, view, migrations).register(router);
        new InsightEndpoints(control, view, evidence, untranslatable, metrics, ready).register(router);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "turnout-admin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.handler = new AdminHandler(router, new BearerAuth(token), view, workers);
    }

    public synchronized AdminServer start() {
        loop = new NioEventLoopGroup(1, new DefaultThreadFactory("turnout-admin-io"));
        children = new DefaultChannelGroup(loop.next());
        ChannelGroup open = children;
        try {
            channel = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            open.add(ch);
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY_BYTES),
                                    handler);
                        }
                    })
                    .bind(bind.toAddress()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("admin API cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        return this;
    }

    public int boundPort() {
        return ((java.net.InetSocketAddress) channel.localAddress()).getPort();
    }

    public String url() {
        String host = bind.host().indexOf(':') >= 0 ? "[" + bind.host() + "]" : bind.host();
        return "http://" + host + ":" + boundPort();
    }

    /** Every route served, as {@code "GET /migrations/{id}"} (for the OpenAPI consistency test). */
    public List<String> routes() {
        return router.routes().stream().map(r -> r.method() + " " + r.pattern()).toList();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        if (children != null) {
            children.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            children = null;
        }
        workers.shutdown();
        try {
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            loop = null;
        }
    }
}
