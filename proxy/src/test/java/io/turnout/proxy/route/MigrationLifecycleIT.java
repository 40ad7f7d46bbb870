package io.turnout.proxy.route;

import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.Protocol;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.TurnoutConfig;
import io.turnout.proxy.config.Upstream;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.pg.PgListener;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.sql.Dialect;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Each migration kind of the shared corpus taken from off to complete through the proxy on real PostgreSQL while
 * writers and readers run: no client statement fails, both shapes agree at the end, and a session's reads never
 * switch shape while the read percentage holds.
 */
class MigrationLifecycleIT {

    private static final String SCHEMA = """
            CREATE TABLE users (id bigint PRIMARY KEY, name text, email text, bio text, avatar_url text);
            CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2));
            CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users(id),
                                 total numeric(10,2), status text NOT NULL DEFAULT 'new');
            INSERT INTO users SELECT g, 'user ' || g, 'u' || g || '@example.com', 'bio ' || g, g || '.png'
              FROM generate_series(1, 200) g;
            INSERT INTO products SELECT g, 'product ' || g, g * 1.25 FROM generate_series(1, 200) g;
            INSERT INTO orders SELECT g, 1 + g % 50, g * 2.5, 'new' FROM generate_series(1, 200) g;
            """;

    private static MigrationSpec spec(String id, MigrationKind kind, String table, String column, String to,
                                      String forward, String backward, Map<String, String> renames,
                                      List<String> columns, String targetKey) {
        return new MigrationSpec(id, kind, table, column, to, forward, backward, null, renames, columns, null,
                targetKey, null, null);
    }

    private static final List<LifecycleWorkload.Scenario> SCENARIOS = List.of(
            new LifecycleWorkload.Scenario(spec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null, null,
                    null, null),
                    "ALTER TABLE users ADD COLUMN full_name text",
                    "UPDATE users SET full_name = name",
                    "SELECT count(*) FROM users WHERE name IS DISTINCT FROM full_name",
                    "INSERT INTO users (id, name, email) VALUES (?, ?, 'w@example.com')",
                    "UPDATE users SET name = ? WHERE id = ?",
                    "DELETE FROM users WHERE id = ?",
                    "SELECT id, name FROM users WHERE id = ?",
                    "SELECT id, full_name FROM users WHERE id = ?"),
            new LifecycleWorkload.Scenario(spec("m2", MigrationKind.REPLACE_COLUMN, "products", "price", "price_cents",
                    "round(price * 100)::bigint", "(price_cents / 100.0)::numeric(10,2)", null, null, null),
                    "ALTER TABLE products ADD COLUMN price_cents bigint",
                    "UPDATE products SET price_cents = round(price * 100)::bigint",
                    "SELECT count(*) FROM products WHERE price_cents IS DISTINCT FROM round(price * 100)::bigint",
                    "INSERT INTO products (id, name, price) VALUES (?, ?, 3.33)",
                    "UPDATE products SET price = ?::numeric / 100 WHERE id = ?",
                    "DELETE FROM products WHERE id = ?",
                    "SELECT id, price FROM products WHERE id = ?",
                    null),
            new LifecycleWorkload.Scenario(spec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2", null, null,
                    Map.of("total", "total_amount"), null, null),
                    "CREATE TABLE orders_v2 (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users(id), "
                            + "total_amount numeric(10,2), status text NOT NULL DEFAULT 'new')",
                    "INSERT INTO orders_v2 (id, user_id, total_amount, status) SELECT id, user_id, total, status "
                            + "FROM orders FOR UPDATE ON CONFLICT (id) DO NOTHING",
                    "SELECT count(*) FROM orders o FULL JOIN orders_v2 v USING (id) WHERE o.id IS NULL OR v.id IS NULL"
                            + " OR o.total IS DISTINCT FROM v.total_amount OR o.status IS DISTINCT FROM v.status"
                            + " OR o.user_id IS DISTINCT FROM v.user_id",
                    "INSERT INTO orders (id, user_id, total, status) VALUES (?, 1, 1.00, ?)",
                    "UPDATE orders SET total = ?::numeric / 100 WHERE id = ?",
                    "DELETE FROM orders WHERE id = ?",
                    "SELECT id, total, status FROM orders WHERE id = ?",
                    null),
            new LifecycleWorkload.Scenario(spec("m4", MigrationKind.SPLIT_TABLE, "users", null, "user_profiles", null, null, null,
                    List.of("bio", "avatar_url"), "user_id"),
                    "CREATE TABLE user_profiles (user_id bigint PRIMARY KEY REFERENCES users(id), bio text, "
                            + "avatar_url text)",
                    "INSERT INTO user_profiles (user_id, bio, avatar_url) SELECT id, bio, avatar_url FROM users "
                            + "FOR UPDATE ON CONFLICT (user_id) DO NOTHING",
                    "SELECT count(*) FROM users u FULL JOIN user_profiles p ON p.user_id = u.id WHERE u.id IS NULL"
                            + " OR p.user_id IS NULL OR u.bio IS DISTINCT FROM p.bio"
                            + " OR u.avatar_url IS DISTINCT FROM p.avatar_url",
                    "INSERT INTO users (id, name, bio, avatar_url) VALUES (?, ?, 'fresh', 'f.png')",
                    "UPDATE users SET bio = ? WHERE id = ?",
                    "DELETE FROM users WHERE id = ?",
                    "SELECT id, name, bio FROM users WHERE id = ?",
                    null));

    @Test
    void renameColumnFromOffToComplete() throws Exception {
        run(SCENARIOS.get(0));
    }

    @Test
    void replaceColumnFromOffToComplete() throws Exception {
        run(SCENARIOS.get(1));
    }

    @Test
    void moveTableFromOffToComplete() throws Exception {
        run(SCENARIOS.get(2));
    }

    @Test
    void splitTableFromOffToComplete() throws Exception {
        run(SCENARIOS.get(3));
    }

    private void run(LifecycleWorkload.Scenario sc) throws Exception {
        DbEndpoint direct = DatabaseHarness.postgres().freshDatabase("lifecycle " + sc.spec().id());
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute(SCHEMA);
            s.execute(sc.expand());
        }
        ControlPlane control = new ControlPlane(Clock.systemUTC());
        BreakerLoop breakers = new BreakerLoop(control, Clock.systemUTC());
        LifecycleWorkload.RecordingPlanner planner = new LifecycleWorkload.RecordingPlanner(
                new MigrationPlanner(Dialect.POSTGRES, control, breakers, t -> { }), control);
        ListenerConfig config = new ListenerConfig("pg", Protocol.POSTGRES, new HostPort("127.0.0.1", 0),
                Upstream.tcp(direct.host(), direct.port()), TlsConfig.NONE, Limits.DEFAULTS);
        ProxyServer server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new PgListener(c, t, planner)).start();
        DbEndpoint proxied = direct.withHostPort("127.0.0.1", server.listener("pg").boundPort());
        control.create(sc.spec(), null, "test", null);

        try {
            LifecycleWorkload.Figures f = new LifecycleWorkload(sc, direct, control, planner, w -> proxied.connect())
                    .run();
            System.out.printf("PostgreSQL lifecycle %s: %d statements, 0 failed, %d ms%n", sc.spec().id(),
                    f.statements(), f.millis());
        } finally {
            server.shutdown(Duration.ofSeconds(1));
        }
    }
}
