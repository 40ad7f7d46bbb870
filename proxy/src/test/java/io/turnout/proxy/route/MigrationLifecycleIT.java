package io.turnout.proxy.route;

import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.Limits;
import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.Protocol;
import io.turnout.proxy.config.TlsConfig;
import io.turnout.proxy.config.TurnoutConfig;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.pg.PgListener;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each migration kind of the shared corpus taken from off to complete through the proxy on real PostgreSQL while
 * writers and readers run: no client statement fails, both shapes agree at the end, and reads never switch shape
 * while the read percentage holds: reads of one key ({@code WHERE id = ?}) always take one shape, whichever session
 * sends them, and a session's reads without a key value (planned before the value is bound) always take one shape.
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

    /** One migration of the corpus, with the client statements the workers run against the old shape. */
    private record Scenario(MigrationSpec spec, String expand, String backfill, String disagreements,
                            String insert, String update, String delete, String read, String readNewShape) {
    }

    private static MigrationSpec spec(String id, MigrationKind kind, String table, String column, String to,
                                      String forward, String backward, Map<String, String> renames,
                                      List<String> columns, String targetKey) {
        return new MigrationSpec(id, kind, table, column, to, forward, backward, null, renames, columns, null,
                targetKey, null, null);
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario(spec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null, null,
                    null, null),
                    "ALTER TABLE users ADD COLUMN full_name text",
                    "UPDATE users SET full_name = name",
                    "SELECT count(*) FROM users WHERE name IS DISTINCT FROM full_name",
                    "INSERT INTO users (id, name, email) VALUES (?, ?, 'w@example.com')",
                    "UPDATE users SET name = ? WHERE id = ?",
                    "DELETE FROM users WHERE id = ?",
                    "SELECT id, name FROM users WHERE id = ?",
                    "SELECT id, full_name FROM users WHERE id = ?"),
            new Scenario(spec("m2", MigrationKind.REPLACE_COLUMN, "products", "price", "price_cents",
                    "round(price * 100)::bigint", "(price_cents / 100.0)::numeric(10,2)", null, null, null),
                    "ALTER TABLE products ADD COLUMN price_cents bigint",
                    "UPDATE products SET price_cents = round(price * 100)::bigint",
                    "SELECT count(*) FROM products WHERE price_cents IS DISTINCT FROM round(price * 100)::bigint",
                    "INSERT INTO products (id, name, price) VALUES (?, ?, 3.33)",
                    "UPDATE products SET price = ?::numeric / 100 WHERE id = ?",
                    "DELETE FROM products WHERE id = ?",
                    "SELECT id, price FROM products WHERE id = ?",
                    null),
            new Scenario(spec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2", null, null,
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
            new Scenario(spec("m4", MigrationKind.SPLIT_TABLE, "users", null, "user_profiles", null, null, null,
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

    /** Records which shape each key's (else each session's) reads took at each read percentage. */
    private static final class RecordingPlanner implements StatementPlanner {
        final MigrationPlanner inner;
        final ControlPlane control;
        final Map<String, Set<Shape>> pathsBySessionAndStep = new ConcurrentHashMap<>();

        RecordingPlanner(MigrationPlanner inner, ControlPlane control) {
            this.inner = inner;
            this.control = control;
        }

        @Override
        public StatementPlan plan(String sql, SessionView session) {
            double before = percent();
            StatementPlan plan = inner.plan(sql, session);
            if (plan != null && !plan.write() && before == percent()) {
                Object id = session.parameters().apply(1); // every read of the scenarios is WHERE id = ?
                String sticky = id != null ? "id " + id : "session " + session.stickyKey();
                pathsBySessionAndStep.computeIfAbsent(sticky + "@" + before,
                        k -> ConcurrentHashMap.newKeySet()).add(plan.path());
            }
            return plan;
        }

        private double percent() {
            return control.snapshot().byId().values().stream().mapToDouble(s -> s.effectiveReadPercent())
                    .findFirst().orElse(0);
        }

        @Override
        public void completed(StatementPlan plan, long latencyMicros, boolean failed) {
            inner.completed(plan, latencyMicros, failed);
        }
    }

    private void run(Scenario sc) throws Exception {
        DbEndpoint direct = DatabaseHarness.postgres().freshDatabase("lifecycle " + sc.spec().id());
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute(SCHEMA);
            s.execute(sc.expand());
        }
        ControlPlane control = new ControlPlane(Clock.systemUTC());
        BreakerLoop breakers = new BreakerLoop(control, Clock.systemUTC());
        RecordingPlanner planner = new RecordingPlanner(new MigrationPlanner(Dialect.POSTGRES, control, breakers,
                t -> { }), control);
        ListenerConfig config = new ListenerConfig("pg", Protocol.POSTGRES, new HostPort("127.0.0.1", 0),
                new HostPort(direct.host(), direct.port()), TlsConfig.NONE, Limits.DEFAULTS);
        ProxyServer server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new PgListener(c, t, planner)).start();
        DbEndpoint proxied = direct.withHostPort("127.0.0.1", server.listener("pg").boundPort());
        control.create(sc.spec(), null, "test", null);

        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong statements = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int base = 10_000 * (w + 1);
            workers.add(pool.submit(() -> write(proxied, sc, base, running, failures, statements)));
        }
        for (int r = 0; r < 3; r++) {
            workers.add(pool.submit(() -> read(proxied, sc, running, failures, statements)));
        }
        try {
            step(control, sc, Phase.DUAL_WRITE, null);
            try (Connection c = direct.connect(); Statement s = c.createStatement()) {
                // rows written before dual-write started, copied once; FOR UPDATE makes the copy wait for writes in
                // flight and take their result, so a concurrent dual write cannot be overtaken by a stale copy
                s.execute(sc.backfill());
            }
            step(control, sc, Phase.SHADOW, null);
            step(control, sc, Phase.LIVE, null);
            for (double p : new double[] {1, 5, 25, 100}) {
                step(control, sc, null, p);
            }
            step(control, sc, Phase.RAMPDOWN, null);
            step(control, sc, Phase.COMPLETE, null);
        } finally {
            running.set(false);
            for (Future<?> f : workers) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            server.shutdown(Duration.ofSeconds(1));
        }
        assertEquals(List.of(), List.copyOf(failures), "no client statement may fail");
        assertTrue(statements.get() > 200, "the workers ran: " + statements.get());
        try (Connection c = direct.connect(); ResultSet rs = c.createStatement().executeQuery(sc.disagreements())) {
            rs.next();
            assertEquals(0, rs.getLong(1), "old and new shapes agree at the end");
        }
        planner.pathsBySessionAndStep.forEach((sessionAndStep, paths) ->
                assertEquals(1, paths.size(), "key@percent " + sessionAndStep + " flipped between " + paths));
        assertTrue(planner.pathsBySessionAndStep.keySet().stream().anyMatch(k -> k.endsWith("@100.0")));
        Set<Shape> keyedAt25 = ConcurrentHashMap.newKeySet();
        planner.pathsBySessionAndStep.forEach((k, paths) -> {
            if (k.startsWith("id ") && k.endsWith("@25.0")) {
                keyedAt25.addAll(paths);
            }
        });
        assertEquals(Set.of(Shape.OLD, Shape.NEW), keyedAt25, "at 25% the keys spread over both shapes");
    }

    private static void step(ControlPlane control, Scenario sc, Phase phase, Double percent)
            throws InterruptedException {
        if (phase != null) {
            control.setPhase(sc.spec().id(), phase, null, "test", null);
        } else {
            control.setReadPercent(sc.spec().id(), percent, null, "test", null);
        }
        Thread.sleep(600);
    }

    private static void write(DbEndpoint proxied, Scenario sc, int base, AtomicBoolean running,
                              ConcurrentLinkedQueue<String> failures, AtomicLong statements) {
        try (Connection c = proxied.connect();
             PreparedStatement ins = c.prepareStatement(sc.insert());
             PreparedStatement upd = c.prepareStatement(sc.update());
             PreparedStatement del = c.prepareStatement(sc.delete())) {
            for (int i = 0; running.get(); i++) {
                int id = base + i;
                try {
                    ins.setLong(1, id);
                    ins.setString(2, "w" + id);
                    ins.executeUpdate();
                    upd.setString(1, Integer.toString(id % 997));
                    upd.setLong(2, id);
                    assertEquals(1, upd.executeUpdate());
                    if (i % 3 == 0) {
                        del.setLong(1, id);
                        assertEquals(1, del.executeUpdate());
                    }
                    statements.addAndGet(3);
                } catch (SQLException | AssertionError e) {
                    failures.add(sc.spec().id() + " writer id " + id + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            failures.add("writer connection: " + e.getMessage());
        }
    }

    private static void read(DbEndpoint proxied, Scenario sc, AtomicBoolean running,
                             ConcurrentLinkedQueue<String> failures, AtomicLong statements) {
        try (Connection c = proxied.connect();
             PreparedStatement old = c.prepareStatement(sc.read());
             PreparedStatement fresh = sc.readNewShape() == null ? null : c.prepareStatement(sc.readNewShape())) {
            while (running.get()) {
                long id = 1 + ThreadLocalRandom.current().nextInt(200);
                try {
                    old.setLong(1, id);
                    try (ResultSet rs = old.executeQuery()) {
                        assertTrue(rs.next(), "seed row " + id + " is there");
                        assertEquals(id, rs.getLong(1));
                    }
                    if (fresh != null) {
                        fresh.setLong(1, id);
                        try (ResultSet rs = fresh.executeQuery()) {
                            assertTrue(rs.next(), "seed row " + id + " read with new-shape SQL");
                        }
                    }
                    statements.incrementAndGet();
                } catch (SQLException | AssertionError e) {
                    failures.add(sc.spec().id() + " reader id " + id + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            failures.add("reader connection: " + e.getMessage());
        }
    }
}
