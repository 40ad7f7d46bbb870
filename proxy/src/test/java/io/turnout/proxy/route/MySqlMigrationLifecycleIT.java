package io.turnout.proxy.route;

import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
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
 * Each migration kind of the shared MySQL corpus taken from off to complete through the proxy's MySQL listener on
 * real MariaDB while writers and readers run, with Connector/J clients in both the binary protocol
 * ({@code useServerPrepStmts=true}: writers 0 and 2, reader 4) and the text protocol (the others): no client
 * statement fails, both shapes agree at the end, and a session's reads never switch shape while the read percentage
 * holds. The migration is created only after the clients prepared their statements; one writer sends batches
 * (multi-statement texts with {@code rewriteBatchedStatements}), one commits explicit transactions.
 */
class MySqlMigrationLifecycleIT {

    private static final String SCHEMA = """
            CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100), email VARCHAR(200), bio TEXT,
                                avatar_url VARCHAR(200)) ENGINE=InnoDB;
            CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, price DECIMAL(10,2))
                ENGINE=InnoDB;
            CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, total DECIMAL(10,2),
                                 status VARCHAR(20) NOT NULL DEFAULT 'new', FOREIGN KEY (user_id) REFERENCES users(id))
                ENGINE=InnoDB""";

    private static String seed() {
        StringBuilder users = new StringBuilder("INSERT INTO users (id, name, email, bio, avatar_url) VALUES ");
        StringBuilder products = new StringBuilder("INSERT INTO products (id, name, price) VALUES ");
        StringBuilder orders = new StringBuilder("INSERT INTO orders (id, user_id, total, status) VALUES ");
        for (int g = 1; g <= 200; g++) {
            String sep = g == 1 ? "" : ", ";
            users.append(sep).append("(%d, 'user %d', 'u%d@example.com', 'bio %d', '%d.png')".formatted(g, g, g, g, g));
            products.append(sep).append("(%d, 'product %d', %d * 1.25)".formatted(g, g, g));
            orders.append(sep).append("(%d, %d, %d * 2.5, 'new')".formatted(g, 1 + g % 50, g));
        }
        return users + ";\n" + products + ";\n" + orders;
    }

    private static MigrationSpec spec(String id, MigrationKind kind, String table, String column, String to,
                                      String forward, String backward, Map<String, String> renames,
                                      List<String> columns, String targetKey) {
        return new MigrationSpec(id, kind, table, column, to, forward, backward, null, renames, columns, null,
                targetKey, null, null);
    }

    private static final List<LifecycleWorkload.Scenario> SCENARIOS = List.of(
            new LifecycleWorkload.Scenario(spec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name",
                    null, null, null, null, null),
                    "ALTER TABLE users ADD COLUMN full_name VARCHAR(100)",
                    "UPDATE users SET full_name = name",
                    "SELECT count(*) FROM users WHERE NOT (name <=> full_name)",
                    "INSERT INTO users (id, name, email) VALUES (?, ?, 'w@example.com')",
                    "UPDATE users SET name = ? WHERE id = ?",
                    "DELETE FROM users WHERE id = ?",
                    "SELECT id, name FROM users WHERE id = ?",
                    "SELECT id, full_name FROM users WHERE id = ?"),
            new LifecycleWorkload.Scenario(spec("m2", MigrationKind.REPLACE_COLUMN, "products", "price",
                    "price_cents", "CAST(ROUND(price * 100) AS SIGNED)", "CAST(price_cents / 100 AS DECIMAL(10,2))",
                    null, null, null),
                    "ALTER TABLE products ADD COLUMN price_cents BIGINT",
                    "UPDATE products SET price_cents = CAST(ROUND(price * 100) AS SIGNED)",
                    "SELECT count(*) FROM products WHERE NOT (price_cents <=> CAST(ROUND(price * 100) AS SIGNED))",
                    "INSERT INTO products (id, name, price) VALUES (?, ?, 3.33)",
                    "UPDATE products SET price = CAST(? AS DECIMAL(10,2)) / 100 WHERE id = ?",
                    "DELETE FROM products WHERE id = ?",
                    "SELECT id, price FROM products WHERE id = ?",
                    null),
            new LifecycleWorkload.Scenario(spec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2", null,
                    null, Map.of("total", "total_amount"), null, null),
                    "CREATE TABLE orders_v2 (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, total_amount DECIMAL(10,2),"
                            + " status VARCHAR(20) NOT NULL DEFAULT 'new', FOREIGN KEY (user_id) REFERENCES users(id))"
                            + " ENGINE=InnoDB",
                    // INSERT ... SELECT reads the source with shared locks (repeatable read): it waits for dual
                    // writes in flight; IGNORE skips the rows they already copied
                    "INSERT IGNORE INTO orders_v2 (id, user_id, total_amount, status) SELECT id, user_id, total, "
                            + "status FROM orders",
                    "SELECT (SELECT count(*) FROM orders o LEFT JOIN orders_v2 v ON v.id = o.id WHERE v.id IS NULL"
                            + " OR NOT (o.total <=> v.total_amount) OR NOT (o.status <=> v.status)"
                            + " OR NOT (o.user_id <=> v.user_id))"
                            + " + (SELECT count(*) FROM orders_v2 v LEFT JOIN orders o ON o.id = v.id"
                            + " WHERE o.id IS NULL)",
                    "INSERT INTO orders (id, user_id, total, status) VALUES (?, 1, 1.00, ?)",
                    "UPDATE orders SET total = CAST(? AS DECIMAL(10,2)) / 100 WHERE id = ?",
                    "DELETE FROM orders WHERE id = ?",
                    "SELECT id, total, status FROM orders WHERE id = ?",
                    null),
            new LifecycleWorkload.Scenario(spec("m4", MigrationKind.SPLIT_TABLE, "users", null, "user_profiles",
                    null, null, null, List.of("bio", "avatar_url"), "user_id"),
                    "CREATE TABLE user_profiles (user_id BIGINT PRIMARY KEY, bio TEXT, avatar_url VARCHAR(200), "
                            + "FOREIGN KEY (user_id) REFERENCES users(id)) ENGINE=InnoDB",
                    "INSERT IGNORE INTO user_profiles (user_id, bio, avatar_url) SELECT id, bio, avatar_url "
                            + "FROM users",
                    "SELECT (SELECT count(*) FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id"
                            + " WHERE p.user_id IS NULL OR NOT (u.bio <=> p.bio)"
                            + " OR NOT (u.avatar_url <=> p.avatar_url))"
                            + " + (SELECT count(*) FROM user_profiles p LEFT JOIN users u ON u.id = p.user_id"
                            + " WHERE u.id IS NULL)",
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
        DbEndpoint direct = DatabaseHarness.mysql().freshDatabase("my lifecycle " + sc.spec().id());
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            for (String ddl : (SCHEMA + ";\n" + seed()).split(";\n")) {
                s.execute(ddl);
            }
            s.execute(sc.expand());
        }
        ControlPlane control = new ControlPlane(Clock.systemUTC());
        BreakerLoop breakers = new BreakerLoop(control, Clock.systemUTC());
        LifecycleWorkload.RecordingPlanner planner = new LifecycleWorkload.RecordingPlanner(
                new MigrationPlanner(Dialect.MYSQL, control, breakers, t -> { }), control);
        ProxyServer server = RoutedMySqlProxy.start(direct, planner);
        DbEndpoint proxied = direct.withHostPort("127.0.0.1", server.listener("my").boundPort());
        try {
            // writer 1 (text protocol) batches with rewriteBatchedStatements: multi-statement UPDATE texts
            LifecycleWorkload.Figures f = new LifecycleWorkload(sc, direct, control, planner,
                    w -> proxied.connect("useServerPrepStmts=" + (w % 2 == 0) + "&cachePrepStmts=true"
                            + (w == 1 ? "&rewriteBatchedStatements=true" : "")),
                    new LifecycleWorkload.Variation(true, true, true)).atLeast(100).run();
            System.out.printf("MySQL lifecycle %s: %d statements, 0 failed, %d ms, %d deadlocks of the explicit"
                    + " transactions retried by the client%n", sc.spec().id(), f.statements(), f.millis(),
                    f.deadlocksRetried());
        } finally {
            server.shutdown(Duration.ofSeconds(1));
        }
    }
}
