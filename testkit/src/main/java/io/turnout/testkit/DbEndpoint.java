package io.turnout.testkit;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Where a database is and how to log in to it (always with a password). */
public record DbEndpoint(Engine engine, String host, int port, String database, String user, String password) {

    public DbEndpoint {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    /** JDBC URL without credentials (pass them as properties, see {@link #connect()}). */
    public String jdbcUrl() {
        return "jdbc:" + engine.jdbcScheme() + "://" + host + ":" + port + "/" + database;
    }

    /** JDBC URL with the given driver options appended, e.g. {@code "useServerPrepStmts=true"}. */
    public String jdbcUrl(String options) {
        return options == null || options.isEmpty() ? jdbcUrl() : jdbcUrl() + "?" + options;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    public Connection connect(String options) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(options), user, password);
    }

    public DbEndpoint withHostPort(String newHost, int newPort) {
        return new DbEndpoint(engine, newHost, newPort, database, user, password);
    }

    public DbEndpoint withDatabase(String newDatabase) {
        return new DbEndpoint(engine, host, port, newDatabase, user, password);
    }

    public DbEndpoint withUser(String newUser, String newPassword) {
        return new DbEndpoint(engine, host, port, database, newUser, newPassword);
    }

    /**
     * Parses {@code jdbc:postgresql://host:port/db?user=u&password=p} (or {@code jdbc:mysql:} / {@code jdbc:mariadb:}).
     *
     * @throws IllegalArgumentException naming what is missing
     */
    public static DbEndpoint parseJdbcUrl(String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL (expected jdbc:postgresql://... or jdbc:mysql://...): " + url);
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        Engine engine = switch (uri.getScheme()) {
            case "postgresql" -> Engine.POSTGRES;
            case "mysql", "mariadb" -> Engine.MYSQL;
            default -> throw new IllegalArgumentException("unsupported JDBC scheme '" + uri.getScheme() + "' in " + url);
        };
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String user = query.get("user");
        if (user == null) {
            throw new IllegalArgumentException("JDBC URL needs a user= parameter: " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : (engine == Engine.POSTGRES ? 5432 : 3306);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String db = path.isEmpty() ? (engine == Engine.POSTGRES ? "postgres" : "mysql") : path;
        return new DbEndpoint(engine, uri.getHost(), port, db, user, query.getOrDefault("password", ""));
    }

    @Override
    public String toString() {
        return engine + " " + user + "@" + host + ":" + port + "/" + database;
    }
}
