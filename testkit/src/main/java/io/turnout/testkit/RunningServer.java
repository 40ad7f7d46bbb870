package io.turnout.testkit;

/** A database server the harness found or started; {@link #admin()} is a superuser endpoint. */
public interface RunningServer extends AutoCloseable {

    DbEndpoint admin();

    /** Where it came from, for test logs: "env TURNOUT_PG_URL", "embedded PostgreSQL 16.x", ... */
    String description();

    @Override
    void close();
}
