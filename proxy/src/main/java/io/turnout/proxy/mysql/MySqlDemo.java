package io.turnout.proxy.mysql;

import io.netty.channel.EventLoopGroup;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code turnout demo --engine mysql}: a real MariaDB / MySQL from the harness (env URL, Docker, or embedded), a
 * fresh database and password user on it, and a MySQL listener in front, with the command line to connect.
 */
public final class MySqlDemo implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final MySqlListener listener;
    private final DbEndpoint endpoint;

    private MySqlDemo(EventLoopGroup boss, EventLoopGroup workers, MySqlListener listener, DbEndpoint endpoint) {
        this.boss = boss;
        this.workers = workers;
        this.listener = listener;
        this.endpoint = endpoint;
    }

    /** Starts the server (if needed) and a listener on {@code bindPort} (0 = any free port). */
    public static MySqlDemo start(int bindPort) throws InterruptedException {
        DatabaseHarness harness = DatabaseHarness.mysql();
        DbEndpoint db = harness.freshDatabase("demo");
        EventLoopGroup boss = MySqlStandalone.eventLoops(1, false);
        EventLoopGroup workers = MySqlStandalone.eventLoops(Runtime.getRuntime().availableProcessors(), false);
        MySqlListenerSettings settings = MySqlListenerSettings.defaults(db.host(), db.port())
                .withBind("127.0.0.1", bindPort)
                .withClientTls(MySqlListenerSettings.ClientTls.selfSigned());
        MySqlListener listener = new MySqlListener(settings, boss, workers);
        int port = listener.start();
        return new MySqlDemo(boss, workers, listener, db.withHostPort("127.0.0.1", port));
    }

    /** Where clients connect: the listener's address with the demo database and user. */
    public DbEndpoint endpoint() {
        return endpoint;
    }

    public MySqlListener listener() {
        return listener;
    }

    /** {@code mariadb -h 127.0.0.1 -P PORT -u USER -pPASS DB} */
    public String cliCommand() {
        return "mariadb -h 127.0.0.1 -P " + endpoint.port() + " -u " + endpoint.user() + " -p" + endpoint.password()
                + " " + endpoint.database();
    }

    public void printBanner(PrintStream out) {
        out.println("Turnout MySQL demo: " + DatabaseHarness.mysql().description());
        out.println("  proxy listening on 127.0.0.1:" + endpoint.port() + " (TLS offered, self-signed)");
        out.println("  connect with:  " + cliCommand());
        out.println("  JDBC:          " + endpoint.jdbcUrl() + "?user=" + endpoint.user() + "&password="
                + endpoint.password());
        out.println("  Ctrl-C stops the proxy");
    }

    @Override
    public void close() {
        listener.close(Duration.ofSeconds(2));
        workers.shutdownGracefully();
        boss.shutdownGracefully();
    }

    public static void main(String[] args) throws Exception {
        MySqlDemo demo = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        demo.printBanner(System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "turnout-mysql-demo-stop"));
        stopped.await();
    }
}
