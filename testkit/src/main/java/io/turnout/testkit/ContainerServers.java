package io.turnout.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.PostgreSQLContainer;

import java.nio.file.Files;
import java.nio.file.Path;

/** Servers in Docker containers via Testcontainers ({@code postgres:16}, {@code mysql:8.4}), when an engine runs. */
final class ContainerServers {

    private ContainerServers() {
    }

    /** Cheap check first (no socket and no DOCKER_HOST means no engine), then Testcontainers' own probe. */
    static boolean dockerReachable() {
        if (Boolean.getBoolean("turnout.noDocker")) {
            return false;
        }
        boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!hint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static RunningServer postgres() {
        PostgreSQLContainer<?> c = new PostgreSQLContainer<>("postgres:16")
                .withUsername("postgres").withPassword(EmbeddedServers.ADMIN_PASSWORD)
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256")
                .withEnv("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256")
                .withCommand("postgres", "-c", "max_connections=300");
        return start(c, Engine.POSTGRES, "postgres", "postgres");
    }

    static RunningServer mysql() {
        MySQLContainer<?> c = new MySQLContainer<>("mysql:8.4")
                .withUsername("turnout_admin").withPassword(EmbeddedServers.ADMIN_PASSWORD);
        c.withCommand("--max-connections=500", "--max-allowed-packet=256M");
        RunningServer root = start(c, Engine.MYSQL, "mysql", "root");
        return root;
    }

    private static RunningServer start(JdbcDatabaseContainer<?> c, Engine engine, String db, String user) {
        c.start();
        int port = c.getMappedPort(engine == Engine.POSTGRES ? 5432 : 3306);
        DbEndpoint admin = new DbEndpoint(engine, c.getHost(), port, db, user, EmbeddedServers.ADMIN_PASSWORD);
        return new EmbeddedServers.Started(admin, "container " + c.getDockerImageName() + " on port " + port, null,
                c::stop);
    }
}
