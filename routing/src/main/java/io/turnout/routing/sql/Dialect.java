package io.turnout.routing.sql;

import java.util.Locale;

/** The SQL dialect of the client: decides quoting, comments, placeholders and name case rules. */
public enum Dialect {
    POSTGRES('"'),
    MYSQL('`');

    private final char identifierQuote;

    Dialect(char identifierQuote) {
        this.identifierQuote = identifierQuote;
    }

    public char identifierQuote() {
        return identifierQuote;
    }

    /** Quotes a name for this dialect, doubling the quote character inside it. */
    public String quote(String name) {
        String q = String.valueOf(identifierQuote);
        return q + name.replace(q, q + q) + q;
    }

    public static Dialect parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "postgres", "postgresql", "pg" -> POSTGRES;
            case "mysql", "mariadb" -> MYSQL;
            default -> throw new IllegalArgumentException("unknown dialect '" + text + "'; use postgres or mysql");
        };
    }
}
