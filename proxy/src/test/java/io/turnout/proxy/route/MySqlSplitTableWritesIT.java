package io.turnout.proxy.route;

import io.turnout.proxy.server.ProxyServer;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Split-table dual writes through the proxy on real MariaDB. A DELETE inside a client's open transaction: the hidden
 * DELETE of the profile rows must lock only the rows it removes (the earlier translation,
 * {@code DELETE FROM user_profiles WHERE user_id IN (SELECT ...)}, scanned the whole new table with locks, so every
 * other session's dual write into it waited for that client's COMMIT; here a lock wait timeout of 2 s). An UPDATE of
 * a row written before dual writes began: the profile row its upsert creates carries every moved column, since the
 * backfill ({@code INSERT IGNORE}) skips it. An INSERT that leaves a moved column out: the new row gets the old
 * table's default, not the new table's.
 */
class MySqlSplitTableWritesIT {

    private ProxyServer server;
    private DbEndpoint direct;
    private DbEndpoint proxied;

    @BeforeEach
    void start() throws Exception {
        direct = DatabaseHarness.mysql().freshDatabase("my split delete locks");
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            RoutedMySqlProxy.createSplitTables(s);
            StringBuilder users = new StringBuilder("INSERT INTO users (id, name, bio) VALUES ");
            for (int i = 1; i <= 50; i++) {
                users.append(i == 1 ? "" : ", ").append("(%d, 'user %d', 'bio %d')".formatted(i, i, i));
            }
            s.execute(users.toString());
            s.execute("INSERT INTO user_profiles (user_id, bio, avatar_url) SELECT id, bio, avatar_url FROM users");
        }
        server = RoutedMySqlProxy.startSplitTableInDualWrite(direct);
        proxied = direct.withHostPort("127.0.0.1", server.listener("my").boundPort());
    }

    @AfterEach
    void stop() {
        server.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void deleteInAnOpenTransactionLeavesOtherProfileRowsWritable() throws Exception {
        deleteThenWriteOthers("useServerPrepStmts=true", 5, 500);
    }

    @Test
    void textProtocolDeleteToo() throws Exception {
        deleteThenWriteOthers("useServerPrepStmts=false", 6, 600);
    }

    @Test
    void upsertOfARowTheBackfillHasNotCopiedCarriesEveryMovedColumn() throws Exception {
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, name, bio, avatar_url) VALUES (700, 'before', 'old', 'a.png')");
        }
        try (Connection c = proxied.connect("useServerPrepStmts=true");
             PreparedStatement upd = c.prepareStatement("UPDATE users SET bio = ? WHERE id = ?")) {
            upd.setString(1, "new");
            upd.setLong(2, 700);
            assertEquals(1, upd.executeUpdate());
        }
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT IGNORE INTO user_profiles (user_id, bio, avatar_url) SELECT id, bio, avatar_url"
                    + " FROM users"); // the backfill
            assertEquals(1, count(s, "SELECT count(*) FROM user_profiles WHERE user_id = 700 AND bio = 'new'"
                    + " AND avatar_url = 'a.png'"));
            assertEquals(0, count(s, "SELECT count(*) FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id"
                    + " WHERE p.user_id IS NULL OR NOT (u.bio <=> p.bio) OR NOT (u.avatar_url <=> p.avatar_url)"));
        }
    }

    @Test
    void insertLeavingAMovedColumnOutGivesTheNewRowTheOldTablesDefault() throws Exception {
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            // the old table has a default the new one lacks (there avatar_url would be NULL)
            s.execute("ALTER TABLE users ALTER COLUMN avatar_url SET DEFAULT 'none.png'");
        }
        for (String protocol : List.of("useServerPrepStmts=true", "useServerPrepStmts=false")) {
            long id = protocol.endsWith("true") ? 800 : 810;
            try (Connection c = proxied.connect(protocol);
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO users (id, name, bio) VALUES (?, 'n', ?), (?, 'n', 'second')")) {
                ins.setLong(1, id);
                ins.setString(2, "first");
                ins.setLong(3, id + 1);
                assertEquals(2, ins.executeUpdate());
            }
        }
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            assertEquals(4, count(s, "SELECT count(*) FROM user_profiles WHERE user_id IN (800, 801, 810, 811)"
                    + " AND avatar_url = 'none.png'"));
            assertEquals(2, count(s, "SELECT count(*) FROM user_profiles WHERE user_id IN (800, 810) AND bio = 'first'"));
            assertEquals(0, count(s, "SELECT count(*) FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id"
                    + " WHERE p.user_id IS NULL OR NOT (u.bio <=> p.bio) OR NOT (u.avatar_url <=> p.avatar_url)"));
        }
    }

    private void deleteThenWriteOthers(String protocol, long deleted, long inserted) throws Exception {
        try (Connection holder = proxied.connect(protocol); Connection other = proxied.connect(protocol)) {
            holder.setAutoCommit(false);
            try (PreparedStatement del = holder.prepareStatement("DELETE FROM users WHERE id = ?")) {
                del.setLong(1, deleted);
                assertEquals(1, del.executeUpdate());
            }
            try (Statement s = other.createStatement()) {
                s.execute("SET SESSION innodb_lock_wait_timeout = 2");
            }
            // dual writes into user_profiles rows the open transaction did not touch: no wait
            try (PreparedStatement upd = other.prepareStatement("UPDATE users SET bio = ? WHERE id = ?");
                 PreparedStatement ins = other.prepareStatement(
                         "INSERT INTO users (id, name, bio, avatar_url) VALUES (?, 'new', 'fresh', 'f.png')")) {
                upd.setString(1, "changed");
                upd.setLong(2, 40);
                assertEquals(1, upd.executeUpdate());
                ins.setLong(1, inserted);
                assertEquals(1, ins.executeUpdate());
            }
            holder.commit();
        }
        try (Connection c = direct.connect(); Statement s = c.createStatement()) {
            assertEquals(0, count(s, "SELECT count(*) FROM user_profiles WHERE user_id = " + deleted));
            assertEquals(1, count(s, "SELECT count(*) FROM user_profiles WHERE user_id = 40 AND bio = 'changed'"));
            assertEquals(1, count(s, "SELECT count(*) FROM user_profiles WHERE user_id = " + inserted
                    + " AND bio = 'fresh'"));
            assertEquals(0, count(s, "SELECT count(*) FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id"
                    + " WHERE p.user_id IS NULL OR NOT (u.bio <=> p.bio) OR NOT (u.avatar_url <=> p.avatar_url)"));
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
