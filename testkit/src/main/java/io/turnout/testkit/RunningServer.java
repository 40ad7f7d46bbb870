package io.turnout.testkit;

import java.nio.file.Path;
import java.util.Optional;

/** A database server the harness found or started; {@link #admin()} is a superuser endpoint. */
public interface RunningServer extends AutoCloseable {

    DbEndpoint admin();

    /** Where it came from, for test logs: "env TURNOUT_PG_URL", "embedded PostgreSQL 16.x", ... */
    String description();

    /** The server's Unix-domain socket file, when the harness started the server and knows where it listens. */
    default Optional<Path> socket() {
        return Optional.empty();
    }

    @Override
    void close();
}
