package io.turnout.proxy.config;

import java.time.Duration;

/**
 * One server whose replication lag gates every migration: polled on a side connection every {@code pollInterval};
 * a poll that cannot measure the lag is a failure, and {@code failuresBeforeBreach} of them in a row trip the
 * breaker like a lag above the threshold.
 *
 * @param name                 names the replica in audit events, metrics and the admin API
 * @param url                  JDBC URL of the replica ({@link Role#REPLICA}) or of the primary ({@link Role#PRIMARY})
 * @param role                 which side is asked: the replica about itself, or a PostgreSQL primary about its replicas
 * @param expectReplicas       {@link Role#PRIMARY} only: fewer streaming replicas than this is a failure
 */
public record ReplicaConfig(String name, String url, String user, String password, Role role, int expectReplicas,
                            Duration pollInterval, int failuresBeforeBreach) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final int DEFAULT_FAILURES_BEFORE_BREACH = 3;

    /** Which server the poll asks. */
    public enum Role {
        /** The replica itself: PostgreSQL recovery functions, MySQL / MariaDB {@code SHOW REPLICA STATUS}. */
        REPLICA,
        /** A PostgreSQL primary: {@code pg_stat_replication}, one reading per connected replica. */
        PRIMARY
    }

    public ReplicaConfig {
        password = password == null ? "" : password;
    }

    public boolean mysql() {
        return url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:");
    }

    @Override
    public String toString() {
        return "ReplicaConfig[name=" + name + ", url=" + url + ", user=" + user + ", role=" + role + "]";
    }
}
