package io.turnout.proxy.mysql;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.turnout.proxy.route.StatementPlanner;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A MySQL listener in front of a fresh database on the harness server, for one test class. */
final class ProxiedMariaDb implements AutoCloseable {
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(2);
    final DbEndpoint direct;
    final MySqlListener listener;
    final DbEndpoint proxied;

    ProxiedMariaDb(String hint) throws InterruptedException {
        this(hint, s -> s);
    }

    ProxiedMariaDb(String hint, UnaryOperator<MySqlListenerSettings> customise) throws InterruptedException {
        this(hint, customise, StatementPlanner.PASS_THROUGH);
    }

    /** A listener whose sessions go through {@code planner} (routed commands). */
    ProxiedMariaDb(String hint, UnaryOperator<MySqlListenerSettings> customise, StatementPlanner planner)
            throws InterruptedException {
        direct = DatabaseHarness.mysql().freshDatabase(hint);
        listener = new MySqlListener(customise.apply(MySqlListenerSettings.defaults(direct.host(), direct.port())),
                boss, workers, planner);
        int port = listener.start();
        proxied = direct.withHostPort("127.0.0.1", port);
    }

    static DbEndpoint admin() {
        return DatabaseHarness.mysql().admin();
    }

    /** A Connector/J connection through the proxy; {@code options} is a URL query string. */
    Connection connect(String options) throws SQLException {
        return proxied.connect(options);
    }

    @Override
    public void close() {
        listener.close(Duration.ofSeconds(1));
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
