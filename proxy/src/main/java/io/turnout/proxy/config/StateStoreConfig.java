package io.turnout.proxy.config;

/**
 * Where the migration states and the audit log are kept: a JDBC URL of the PostgreSQL or MySQL server (usually the
 * one the proxy fronts), the login, and the schema (PostgreSQL) or database (MySQL) holding Turnout's tables.
 */
public record StateStoreConfig(String url, String user, String password, String schema) {

    public static final String DEFAULT_SCHEMA = "turnout";

    public StateStoreConfig {
        password = password == null ? "" : password;
        schema = schema == null ? DEFAULT_SCHEMA : schema;
    }

    @Override
    public String toString() {
        return "StateStoreConfig[url=" + url + ", user=" + user + ", schema=" + schema + "]";
    }
}
