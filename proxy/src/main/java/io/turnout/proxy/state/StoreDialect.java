package io.turnout.proxy.state;

import java.util.List;

/**
 * What differs between the two engines for the state store: how the {@code turnout} namespace is made (a schema on
 * PostgreSQL, a database on MySQL), the auto-increment key, and how other instances hear of a change (NOTIFY on
 * PostgreSQL, a poll of the version column on MySQL).
 */
enum StoreDialect {
    POSTGRES("CREATE SCHEMA IF NOT EXISTS %s", "bigserial PRIMARY KEY"),
    MYSQL("CREATE DATABASE IF NOT EXISTS %s", "bigint AUTO_INCREMENT PRIMARY KEY");

    /** The channel NOTIFY / LISTEN use on PostgreSQL. */
    static final String CHANNEL = "turnout_state";

    private final String createNamespace;
    private final String serialKey;

    StoreDialect(String createNamespace, String serialKey) {
        this.createNamespace = createNamespace;
        this.serialKey = serialKey;
    }

    static StoreDialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        if (jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:")) {
            return MYSQL;
        }
        throw new IllegalArgumentException("state store url must start with jdbc:postgresql:, jdbc:mysql: or "
                + "jdbc:mariadb:, got '" + jdbcUrl + "'");
    }

    List<String> ddl(String schema) {
        return List.of(
                createNamespace.formatted(schema),
                "CREATE TABLE IF NOT EXISTS " + schema + ".migration_state ("
                        + "id varchar(200) PRIMARY KEY, spec text NOT NULL, phase varchar(20) NOT NULL, "
                        + "read_percent double precision NOT NULL, compare_percent double precision NOT NULL, "
                        + "ramp text NOT NULL, breaker text NOT NULL, thresholds text NOT NULL, "
                        + "version bigint NOT NULL, updated_at varchar(40) NOT NULL, updated_by varchar(200))",
                "CREATE TABLE IF NOT EXISTS " + schema + ".audit_event ("
                        + "id " + serialKey + ", migration_id varchar(200) NOT NULL, happened_at varchar(40) NOT NULL, "
                        + "actor varchar(200) NOT NULL, action varchar(40) NOT NULL, from_value text, to_value text, "
                        + "reason text, version bigint NOT NULL, origin varchar(64) NOT NULL, instance varchar(200))");
    }
}
