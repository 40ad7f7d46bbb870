package io.turnout.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the password-authenticated administrator the harness uses on MySQL/MariaDB servers it started. */
final class MySqlAdmin {

    private MySqlAdmin() {
    }

    static DbEndpoint createAdmin(DbEndpoint root, String password) throws SQLException {
        try (Connection c = root.connect("allowPublicKeyRetrieval=true&useSSL=false"); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'turnout_admin'@'%' IDENTIFIED BY '" + password + "'");
            s.execute("GRANT ALL PRIVILEGES ON *.* TO 'turnout_admin'@'%' WITH GRANT OPTION");
            s.execute("CREATE USER IF NOT EXISTS 'turnout_admin'@'localhost' IDENTIFIED BY '" + password + "'");
            s.execute("GRANT ALL PRIVILEGES ON *.* TO 'turnout_admin'@'localhost' WITH GRANT OPTION");
        }
        return root.withUser("turnout_admin", password);
    }
}
