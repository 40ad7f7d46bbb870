package io.turnout.proxy.mysql;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.turnout.proxy.route.StatementPlanner;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one MySQL listener without the YAML configuration, for benchmarks and quick checks:
 * {@code java -cp ... io.turnout.proxy.mysql.MySqlStandalone --upstream 127.0.0.1:3306 --port 3307 [--tls] [--nio]
 * [--threads N]}. Stops gracefully (5 s grace) on SIGTERM / Ctrl-C.
 */
public final class MySqlStandalone {
    private MySqlStandalone() {}

    /** Event loops of the preferred transport: epoll on Linux unless {@code nio} is asked for. */
    static EventLoopGroup eventLoops(int threads, boolean nio) {
        return !nio && Epoll.isAvailable() ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    public static void main(String[] args) throws Exception {
        String upstream = null;
        int port = 3307;
        int threads = Runtime.getRuntime().availableProcessors();
        boolean tls = false;
        boolean nio = false;
        boolean routed = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--upstream" -> upstream = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--tls" -> tls = true;
                case "--nio" -> nio = true;
                case "--routed" -> routed = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: --upstream HOST:PORT [--port N] [--threads N] [--tls] [--nio] [--routed]");
            }
        }
        if (upstream == null || !upstream.contains(":")) {
            throw new IllegalArgumentException("--upstream HOST:PORT is required");
        }
        String host = upstream.substring(0, upstream.lastIndexOf(':'));
        int upstreamPort = Integer.parseInt(upstream.substring(upstream.lastIndexOf(':') + 1));
        MySqlListenerSettings settings = MySqlListenerSettings.defaults(host, upstreamPort).withBind("127.0.0.1", port);
        if (tls) {
            settings = settings.withClientTls(MySqlListenerSettings.ClientTls.selfSigned());
        }
        EventLoopGroup boss = eventLoops(1, nio);
        EventLoopGroup workers = eventLoops(threads, nio);
        // --routed: sessions follow every reply and plan every statement, with no migration in force (its cost alone)
        StatementPlanner planner = routed ? (sql, session) -> null : StatementPlanner.PASS_THROUGH;
        MySqlListener listener = new MySqlListener(settings, boss, workers, planner);
        int bound = listener.start();
        System.out.println("turnout mysql listening on 127.0.0.1:" + bound + " -> " + upstream
                + " (" + workers.getClass().getSimpleName() + ", " + threads + " threads" + (routed ? ", routed" : "")
                + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listener.close(Duration.ofSeconds(5));
            workers.shutdownGracefully();
            boss.shutdownGracefully();
            stopped.countDown();
        }, "turnout-mysql-stop"));
        stopped.await();
    }
}
