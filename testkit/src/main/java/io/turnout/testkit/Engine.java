package io.turnout.testkit;

/** The database engines Turnout speaks to. */
public enum Engine {
    POSTGRES("postgresql"),
    MYSQL("mysql");

    private final String jdbcScheme;

    Engine(String jdbcScheme) {
        this.jdbcScheme = jdbcScheme;
    }

    public String jdbcScheme() {
        return jdbcScheme;
    }
}
