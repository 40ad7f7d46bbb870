package io.turnout.proxy.cli;

import io.turnout.proxy.admin.AdminRuntime;
import io.turnout.proxy.config.AdminConfig;
import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.Protocol;
import io.turnout.proxy.config.StateStoreConfig;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.TurnoutConfig;
import io.turnout.proxy.config.Upstream;
import io.turnout.proxy.route.Planners;
import io.turnout.proxy.server.Listeners;
import io.turnout.routing.sql.Dialect;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.testkit.DbEndpoint;
import io.turnout.testkit.EmbeddedServers;
import io.turnout.testkit.Engine;
import io.turnout.testkit.RunningServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code turnout demo}: with nothing configured, starts an embedded database with a small demo schema, puts the
 * proxy in front of it and prints the connection string, and the admin API with its URL and a freshly generated
 * token.
 */
@Command(name = "demo", description = "Start an embedded database and the proxy in front of it; print how to connect.")
final class DemoCommand implements Callable<Integer> {

    private static final String MYSQL_OPTIONS = "useSSL=false&allowPublicKeyRetrieval=true";

    @Option(names = "--engine", defaultValue = "postgres", description = "postgres (default) or mysql")
    String engine;

    @Option(names = "--port", defaultValue = "0", description = "proxy port (default: a free port)")
    int port;

    @Option(names = "--admin-port", defaultValue = "0", description = "admin API port (default: a free port)")
    int adminPort;

    @Option(names = "--smoke", description = "query the demo through the proxy once, print the result and exit")
    boolean smoke;

    @Override
    public Integer call() throws Exception {
        Engine e = switch (engine.toLowerCase()) {
            case "postgres", "postgresql" -> Engine.POSTGRES;
            case "mysql", "mariadb" -> Engine.MYSQL;
            default -> throw new IllegalArgumentException("--engine must be postgres or mysql, got '" + engine + "'");
        };
        System.out.println("turnout demo: starting an embedded " + (e == Engine.POSTGRES ? "PostgreSQL" : "MariaDB")
                + " (first run downloads nothing: the binaries come from the Maven build) ...");
        RunningServer server = e == Engine.POSTGRES ? EmbeddedServers.startPostgres() : EmbeddedServers.startMariaDb();
        DbEndpoint demo = createDemoDatabase(server.admin());
        String token = newToken();
        StateStoreConfig store = e == Engine.POSTGRES
                ? new StateStoreConfig(demo.jdbcUrl(), demo.user(), demo.password(), "turnout")
                : new StateStoreConfig(demo.withDatabase("turnout").jdbcUrl(MYSQL_OPTIONS), demo.user(),
                        demo.password(), "turnout");
        AdminRuntime admin = AdminRuntime.start(new AdminConfig(new HostPort("127.0.0.1", adminPort), token, "demo",
                store), Clock.systemUTC());
        Planners planners = Planners.forRuntime(Dialect.POSTGRES, admin, e == Engine.POSTGRES ? store : null,
                Map.of());
        // MySQL compare reads run on the demo database itself (the state lives in a database of its own)
        Planners mysqlPlanners = Planners.forRuntime(Dialect.MYSQL, admin, e == Engine.MYSQL ? new StateStoreConfig(
                demo.jdbcUrl(MYSQL_OPTIONS), demo.user(), demo.password(), "turnout") : null, Map.of());
        ListenerConfig listener = new ListenerConfig("demo", e == Engine.POSTGRES ? Protocol.POSTGRES : Protocol.MYSQL,
                new HostPort("127.0.0.1", port), Upstream.tcp(demo.host(), demo.port()),
                new TlsConfig(null, null, true, TlsConfig.ServerTlsMode.DISABLE, null), Limits.DEFAULTS);
        ProxyServer proxy;
        try {
            proxy = new ProxyServer(new TurnoutConfig(List.of(listener), Duration.ofSeconds(5)),
                    new Listeners(planners.planner(), mysqlPlanners.planner())::listener).start();
        } catch (RuntimeException ex) {
            planners.close();
            mysqlPlanners.close();
            admin.close();
            server.close();
            throw ex;
        }
        int proxyPort = proxy.listener("demo").boundPort();
        DbEndpoint viaProxy = demo.withHostPort("127.0.0.1", proxyPort);
        System.out.println();
        System.out.println("  database : " + server.description());
        System.out.println("  proxy    : 127.0.0.1:" + proxyPort + " (" + proxy.transportKind() + ", TLS offered with a "
                + "self-signed certificate)");
        System.out.println();
        System.out.println("  connect  : " + clientCommand(viaProxy));
        System.out.println("  jdbc     : " + viaProxy.jdbcUrl() + "  user=" + demo.user() + " password=" + demo.password());
        System.out.println();
        System.out.println("  admin    : " + admin.url() + "  token " + token);
        System.out.println("             state kept in " + admin.stateDescription());
        System.out.println("  try      : bin/turnout migrations list --admin " + admin.url() + " --token " + token);
        System.out.println("             curl -H 'Authorization: Bearer " + token + "' " + admin.url() + "/migrations");
        System.out.println();
        if (smoke) {
            System.out.println("smoke: " + smokeQuery(viaProxy));
            System.out.println("smoke: " + smokeAdmin(admin.url(), token));
            planners.close();
            mysqlPlanners.close();
            admin.close();
            proxy.shutdown(Duration.ofSeconds(1));
            server.close();
            return 0;
        }
        System.out.println("Press Ctrl-C to stop.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.shutdown(Duration.ofSeconds(2));
            planners.close();
            mysqlPlanners.close();
            admin.close();
            server.close();
            stopped.countDown();
        }, "turnout-demo-stop"));
        stopped.await();
        return 0;
    }

    static String clientCommand(DbEndpoint p) {
        if (p.engine() == Engine.POSTGRES) {
            return "psql \"postgresql://" + p.user() + ":" + p.password() + "@" + p.host() + ":" + p.port() + "/"
                    + p.database() + "\"";
        }
        return "mariadb -h " + p.host() + " -P " + p.port() + " -u " + p.user() + " -p" + p.password() + " "
                + p.database();
    }

    private static DbEndpoint createDemoDatabase(DbEndpoint admin) throws SQLException {
        byte[] secret = new byte[9];
        new SecureRandom().nextBytes(secret);
        String password = "demo-" + HexFormat.of().formatHex(secret);
        try (Connection c = admin.connect(admin.engine() == Engine.MYSQL ? "useSSL=false&allowPublicKeyRetrieval=true" : "");
             Statement s = c.createStatement()) {
            if (admin.engine() == Engine.POSTGRES) {
                s.execute("CREATE ROLE demo LOGIN PASSWORD '" + password + "'");
                s.execute("CREATE DATABASE demo OWNER demo");
            } else {
                s.execute("CREATE DATABASE demo");
                s.execute("CREATE USER 'demo'@'%' IDENTIFIED BY '" + password + "'");
                s.execute("GRANT ALL PRIVILEGES ON demo.* TO 'demo'@'%'");
                s.execute("CREATE USER 'demo'@'localhost' IDENTIFIED BY '" + password + "'");
                s.execute("GRANT ALL PRIVILEGES ON demo.* TO 'demo'@'localhost'");
                // the admin API keeps migration state in its own database
                s.execute("CREATE DATABASE turnout");
                s.execute("GRANT ALL PRIVILEGES ON turnout.* TO 'demo'@'%'");
                s.execute("GRANT ALL PRIVILEGES ON turnout.* TO 'demo'@'localhost'");
            }
        }
        DbEndpoint demo = new DbEndpoint(admin.engine(), admin.host(), admin.port(), "demo", "demo", password);
        try (Connection c = demo.connect(admin.engine() == Engine.MYSQL ? "useSSL=false&allowPublicKeyRetrieval=true" : "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100), email varchar(200))");
            s.execute("INSERT INTO users VALUES (1, 'Ada', 'ada@example.com'), (2, 'Bob', 'bob@example.com'), "
                    + "(3, 'Cy', NULL)");
        }
        return demo;
    }

    private static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** One authenticated admin call, so the smoke run proves the API answers with the printed token. */
    private static String smokeAdmin(String url, String token) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/migrations"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("admin API answered " + r.statusCode() + ": " + r.body());
        }
        return "admin API answered GET /migrations with 200 " + r.body();
    }

    private static String smokeQuery(DbEndpoint viaProxy) throws SQLException {
        try (Connection c = viaProxy.connect(viaProxy.engine() == Engine.MYSQL ? "useSSL=false&allowPublicKeyRetrieval=true" : "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM users")) {
            rs.next();
            return rs.getLong(1) + " demo users read through the proxy";
        }
    }
}
