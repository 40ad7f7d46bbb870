package io.turnout.testkit;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseHarnessTest {

    @Test
    void postgresFreshDatabaseRequiresThePassword() throws SQLException {
        DbEndpoint db = DatabaseHarness.postgres().freshDatabase("harness test");
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database(), current_user, "
                     + "(SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = current_user)")) {
            assertTrue(rs.next());
            assertEquals(db.database(), rs.getString(1));
            assertEquals(db.user(), rs.getString(2));
        } catch (SQLException e) {
            // pg_authid needs superuser; fall back to a plain check
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
                assertTrue(rs.next());
                assertEquals(db.user(), rs.getString(1));
            }
        }
        SQLException wrong = assertThrows(SQLException.class, () -> db.withUser(db.user(), "wrong").connect().close());
        assertEquals("28P01", wrong.getSQLState(), "password authentication must be on: " + wrong.getMessage());
    }

    @Test
    void mysqlFreshDatabaseRequiresThePassword() throws SQLException {
        DbEndpoint db = DatabaseHarness.mysql().freshDatabase("harness test");
        try (Connection c = db.connect("useSSL=false&allowPublicKeyRetrieval=true");
             ResultSet rs = c.createStatement().executeQuery("SELECT DATABASE(), CURRENT_USER()")) {
            assertTrue(rs.next());
            assertEquals(db.database(), rs.getString(1));
            assertTrue(rs.getString(2).startsWith(db.user() + "@"));
        }
        SQLException wrong = assertThrows(SQLException.class,
                () -> db.withUser(db.user(), "wrong").connect("useSSL=false&allowPublicKeyRetrieval=true").close());
        assertEquals(1045, wrong.getErrorCode(), wrong.getMessage());
    }

    @Test
    void parsesJdbcUrls() {
        DbEndpoint e = DbEndpoint.parseJdbcUrl("jdbc:postgresql://127.0.0.1:6543/app?user=bob&password=s%3Dcret");
        assertEquals(new DbEndpoint(Engine.POSTGRES, "127.0.0.1", 6543, "app", "bob", "s=cret"), e);
        assertEquals(Engine.MYSQL, DbEndpoint.parseJdbcUrl("jdbc:mariadb://h/x?user=r").engine());
        assertThrows(IllegalArgumentException.class, () -> DbEndpoint.parseJdbcUrl("jdbc:postgresql://h/x"));
    }
}
