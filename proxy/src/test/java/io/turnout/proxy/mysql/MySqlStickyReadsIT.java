package io.turnout.proxy.mysql;

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
import io.turnout.proxy.pg.NoLeakReports;
import io.turnout.proxy.route.MigrationPlanner;
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
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sticky read sampling through the proxy on MariaDB, a rename-column migration live at 50%: the old column holds
 * {@code old} and the new one {@code new}, so every read shows which shape served it. Connector/J in binary protocol
 * (values in COM_STMT_EXECUTE) and in text protocol (values inlined as literals).
 */
@ExtendWith(NoLeakReports.class)
class MySqlStickyReadsIT {

    private static final int ROWS = 300;
    private static final String READ = "SELECT name FROM users WHERE id = ?";

    private static DbEndpoint direct;
    private static ProxyServer server;
    private static final ControlPlane CONTROL = new ControlPlane(Clock.systemUTC());

    @BeforeAll
    static void start() throws SQLException {
        direct = DatabaseHarness.mysql().freshDatabase("mysql sticky reads");
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(20), full_name VARCHAR(20))");
            StringBuilder rows = new StringBuilder("INSERT INTO users VALUES ");
            for (int i = 1; i <= ROWS; i++) {
                rows.append(i > 1 ? ", " : "").append('(').append(i).append(", 'old', 'new')");
            }
            s.execute(rows.toString());
        }
        CONTROL.create(new MigrationSpec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null,
                null, null, null, null, null, null, null), null, "test", null);
        for (Phase p : List.of(Phase.DUAL_WRITE, Phase.SHADOW, Phase.LIVE)) {
            CONTROL.setPhase("m1", p, null, "test", null);
        }
        CONTROL.setReadPercent("m1", 50, null, "test", null);
        MigrationPlanner planner = new MigrationPlanner(Dialect.MYSQL, CONTROL,
                new BreakerLoop(CONTROL, Clock.systemUTC()), t -> { });
        ListenerConfig config = new ListenerConfig("my", Protocol.MYSQL, new HostPort("127.0.0.1", 0),
                Upstream.tcp(direct.host(), direct.port()), TlsConfig.NONE, Limits.DEFAULTS);
        server = new ProxyServer(new TurnoutConfig(List.of(config), Duration.ofSeconds(1)),
                (c, t) -> new MySqlServerListener(c, t, planner)).start();
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(1));
    }

    private static Connection proxied(boolean serverPrepared) throws SQLException {
        return direct.withHostPort("127.0.0.1", server.listener("my").boundPort())
                .connect("useServerPrepStmts=" + serverPrepared + "&cachePrepStmts=true");
    }

    private static Shape expected(long id) {
        return ReadRouter.route(CONTROL.get("m1"), ReadRouter.key(Long.toString(id)));
    }

    private static Shape served(ResultSet rs) throws SQLException {
        assertTrue(rs.next(), "the row is there");
        String marker = rs.getString(1);
        assertTrue(marker.equals("old") || marker.equals("new"), marker);
        return marker.equals("new") ? Shape.NEW : Shape.OLD;
    }

    private static Shape read(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return served(rs);
        }
    }

    @Test
    void oneKeyIsServedByOneShapeInEverySessionAndKeysSpreadAtThePercentage() throws SQLException {
        int fresh = 0;
        for (int session = 0; session < 4; session++) {
            try (Connection c = proxied(session % 2 == 0); PreparedStatement ps = c.prepareStatement(READ);
                 PreparedStatement text = c.prepareStatement(READ); Statement s = c.createStatement()) {
                for (long id = 1; id <= ROWS; id++) {
                    Shape want = expected(id);
                    Shape got = read(ps, id);
                    assertEquals(want, got, "key " + id + " in session " + session);
                    fresh += session == 0 && got == Shape.NEW ? 1 : 0;
                    if (id % 10 == 0) {
                        text.setString(1, "0" + id);
                        try (ResultSet rs = text.executeQuery()) {
                            assertEquals(want, served(rs), "key " + id + " as the string '0" + id + "'");
                        }
                        try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = " + id)) {
                            assertEquals(want, served(rs), "key " + id + " as a literal");
                        }
                    }
                }
            }
        }
        assertEquals(0.5, fresh / (double) ROWS, 0.09, fresh + " of " + ROWS + " keys on the new shape at 50%");
    }

    @Test
    void aStatementWhoseFirstExecutionTookTheOtherFormStillBindsItsTypesOnItsOwn() throws Exception {
        // libmysqlclient (sysbench) sends parameter types with a statement's first EXECUTE only. When that one went
        // to the new shape's form, the server's statement under the client's id has never seen them, and the next
        // EXECUTE that stays on the old shape must bring them: the server answered 1210 "Incorrect arguments to
        // mysqld_stmt_execute" before. Connector/J resends types, so this client is written by hand.
        int newKey = -1;
        int oldKey = -1;
        for (int id = 1; id <= ROWS && (newKey < 0 || oldKey < 0); id++) {
            if (expected(id) == Shape.NEW && newKey < 0) {
                newKey = id;
            } else if (expected(id) == Shape.OLD && oldKey < 0) {
                oldKey = id;
            }
        }
        try (Socket s = RawClient.login(direct, server.listener("my").boundPort())) {
            long statement = RawClient.prepare(s, READ);
            for (int round = 0; round < 3; round++) {
                assertEquals("new", RawClient.executeOneString(s, statement, newKey, round == 0),
                        "key " + newKey + " (types sent: " + (round == 0) + ")");
                assertEquals("old", RawClient.executeOneString(s, statement, oldKey, false),
                        "key " + oldKey + " (types not sent)");
            }
        }
    }

    @Test
    void readsWithoutAKeyFollowTheSession() throws SQLException {
        Set<Shape> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            try (Connection c = proxied(i % 2 == 0);
                 PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE id BETWEEN ? AND ?")) {
                Shape first = null;
                for (int k = 0; k < 8; k++) {
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
    void aTransactionKeepsItsFirstPath() throws SQLException {
        for (boolean serverPrepared : new boolean[] {true, false}) {
            try (Connection c = proxied(serverPrepared); PreparedStatement ps = c.prepareStatement(READ)) {
                c.setAutoCommit(false);
                Shape path = read(ps, 1);
                assertEquals(expected(1), path);
                for (long id = 2; id <= 30; id++) {
                    assertEquals(path, read(ps, id), "key " + id + " inside the transaction");
                }
                c.rollback();
            }
        }
    }
}
