package io.turnout.proxy.compare;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.util.Map;

/**
 * The side connections compare mode reads on. They stay in autocommit, and every transaction on them is REPEATABLE
 * READ and read-only by the session's default, set once when the connection is made: a sample read as one statement
 * then costs that statement alone, and nothing is changed per sample that the pool would have to reset.
 */
public final class ComparePool {

    private ComparePool() {
    }

    public static HikariDataSource open(String jdbcUrl, String user, String password, String poolName, int size) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setAutoCommit(true);
        hc.setConnectionInitSql(sessionDefaults(jdbcUrl));
        driverProperties(jdbcUrl).forEach(hc::addDataSourceProperty);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(0);
        hc.setPoolName(poolName);
        hc.setInitializationFailTimeout(-1);
        return new HikariDataSource(hc);
    }

    static boolean isMySql(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:");
    }

    /** Applies to every later transaction of the session, the implicit one of an autocommit statement included. */
    static String sessionDefaults(String jdbcUrl) {
        return isMySql(jdbcUrl) ? "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                : "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    }

    /**
     * Driver settings for side connections, which run the same few statements over and over. Connector/J: the parse
     * of each statement text kept per connection (client-side prepared statements, so a statement with its values
     * inlined still costs one round trip, not a prepare and a close as a server-side one would), result metadata
     * kept, session state tracked locally instead of asked for. pgjdbc's defaults already keep statements prepared
     * after the fifth use.
     */
    static Map<String, String> driverProperties(String jdbcUrl) {
        if (isMySql(jdbcUrl)) {
            return Map.of("cachePrepStmts", "true", "prepStmtCacheSize", "256", "prepStmtCacheSqlLimit", "8192",
                    "cacheResultSetMetadata", "true", "useLocalSessionState", "true");
        }
        return Map.of();
    }
}
