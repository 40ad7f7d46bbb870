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
import io.turnout.proxy.control.ReadRouter;
import io.turnout.proxy.pg.PgListener;
import io.turnout.proxy.server.ProxyServer;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sticky read sampling through the proxy on real PostgreSQL, a rename-column migration live at 50%. Each row's old
 * column holds {@code old} and its new column {@code new}, so every read shows which shape served it.
 */
class StickyReadsIT {

    private static final int ROWS = 400;
    private static final String READ = "SELECT name FROM users WHERE id = ?";

    private static DbEndpoint direct;
    private static ProxyServer server;
    private static final ControlPlane CONTROL = new ControlPlane(Clock.systemUTC());

    @BeforeAll
    static void start() throws SQLException {
        direct = DatabaseHarness.postgres().freshDatabase("sticky reads");
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id bigint PRIMARY KEY, name text, full_name text)");
            s.execute("INSERT INTO users SELECT g, 'old', 'new' FROM generate_series(1, " + ROWS + ") g");
        }
        CONTROL.create(new MigrationSpec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null,
                null, null, null, null, null, null, null), null, "test", null);
        for (Phase p : List.of(Phase.DUAL_WRITE, Phase.SHADOW, Phase.LIVE)) {
            CONTROL.setPhase("m1", p, null, "test", null);
        }
        CONTROL.setReadPercent("m1", 50, null, "test", null);
        MigrationPlanner planner = new MigrationPlanner(Dialect.POSTGRES, CONTROL,
                new BreakerLoop(CONTROL, Clock.systemUTC()), t -> { });
        ListenerConfig config = new ListenerConfig("pg", Protocol.POSTGRES, new HostPort("127.0.0.1", 0),
                Upstream.tcp(direct.host(), direct.port()), TlsConfig.NONE, Limits.DEFAULTS);
        server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new PgListener(c, t, planner)).start();
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(1));
    }

    private static Connection proxied(String properties) throws SQLException {
        return direct.withHostPort("127.0.0.1", server.listener("pg").boundPort()).connect(properties);
    }

    /** The shape the key's bucket names at 50%. */
    private static Shape expected(long id) {
        return ReadRouter.route(CONTROL.get("m1"), ReadRouter.key(Long.toString(id)));
    }

    private static Shape served(ResultSet rs) throws SQLException {
        assertTrue(rs.next(), "the row is there");
        String marker = rs.getString(1);
        assertTrue(marker.equals("old") || marker.equals("new"), marker);
        return marker.equals("new") ? Shape.NEW : Shape.OLD;
    }

    private static Shape readBound(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return served(rs);
        }
    }

    private static Shape readInline(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return served(rs);
        }
    }

    @Test
    void oneKeyIsServedByOneShapeInEverySessionHoweverItsValueArrives() throws SQLException {
        List<Connection> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                // binary int8 parameters (named statements), text parameters, and the simple protocol with literals
                String mode = switch (i % 3) {
                    case 0 -> "prepareThreshold=1";
                    case 1 -> "prepareThreshold=0";
                    default -> "preferQueryMode=simple";
                };
                sessions.add(proxied(mode + "&ApplicationName=app" + i));
            }
            for (Connection c : sessions) {
                // one prepared statement per session for every key: the path is chosen again at each execution
                try (PreparedStatement ps = c.prepareStatement(READ);
                     PreparedStatement text = c.prepareStatement("SELECT name FROM users WHERE id = CAST(? AS bigint)");
                     Statement s = c.createStatement()) {
                    for (long id = 1; id <= 24; id++) {
                        Shape want = expected(id);
                        assertEquals(want, readBound(ps, id), "key " + id + " bound as int8");
                        text.setString(1, "0" + id);
                        try (ResultSet rs = text.executeQuery()) {
                            assertEquals(want, served(rs), "key " + id + " bound as text '0" + id + "'");
                        }
                        assertEquals(want, readInline(s, "SELECT name FROM users WHERE id = " + id), "literal");
                        assertEquals(want, readInline(s, "SELECT name FROM users WHERE id = '" + id + "'"),
                                "quoted literal");
                    }
                }
            }
        } finally {
            for (Connection c : sessions) {
                c.close();
            }
        }
    }

    @Test
    void differentKeysSpreadOverBothShapesAtThePercentage() throws SQLException {
        int fresh = 0;
        try (Connection c = proxied("prepareThreshold=1"); PreparedStatement ps = c.prepareStatement(READ)) {
            for (long id = 1; id <= ROWS; id++) {
                Shape got = readBound(ps, id);
                assertEquals(expected(id), got, "key " + id);
                fresh += got == Shape.NEW ? 1 : 0;
            }
        }
        assertEquals(0.5, fresh / (double) ROWS, 0.08, fresh + " of " + ROWS + " keys on the new shape at 50%");
    }

    @Test
    void readsWithoutAKeyFollowTheSession() throws SQLException {
        Set<Shape> seen = new HashSet<>();
        for (int i = 0; i < 24; i++) {
            try (Connection c = proxied("prepareThreshold=1&ApplicationName=s" + i);
                 PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE id BETWEEN ? AND ?")) {
                Shape first = null;
                for (int k = 0; k < 10; k++) {
                    ps.setLong(1, 1 + 10L * k);
                    ps.setLong(2, 5 + 10L * k);
                    try (ResultSet rs = ps.executeQuery()) {
                        Shape s = served(rs);
                        first = first == null ? s : first;
                        assertEquals(first, s, "session " + i + " flipped on read " + k);
                    }
                }
                seen.add(first);
            }
        }
        assertEquals(Set.of(Shape.OLD, Shape.NEW), seen, "sessions spread over both shapes at 50%");
    }

    @Test
    void aTransactionKeepsItsFirstPathAndSeesItsOwnWrites() throws SQLException {
        try (Connection c = proxied("prepareThreshold=1"); PreparedStatement ps = c.prepareStatement(READ)) {
            c.setAutoCommit(false);
            Shape path = readBound(ps, 1);
            assertEquals(expected(1), path);
            for (long id = 2; id <= 40; id++) {
                assertEquals(path, readBound(ps, id), "key " + id + " inside the transaction");
            }
            c.rollback();
            for (long id : new long[] {firstKeyOn(Shape.OLD), firstKeyOn(Shape.NEW)}) {
                try (PreparedStatement up = c.prepareStatement("UPDATE users SET name = 'mine' WHERE id = ?")) {
                    up.setLong(1, id);
                    assertEquals(1, up.executeUpdate());
                }
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("mine", rs.getString(1), "key " + id + " read after its write");
                }
                c.rollback();
            }
        }
    }

    private static long firstKeyOn(Shape shape) {
        for (long id = 1; ; id++) {
            if (expected(id) == shape) {
                return id;
            }
        }
    }
}
