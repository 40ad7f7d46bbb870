package io.turnout.proxy.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Reads the {@code replicas:} list of the configuration, reporting each problem by its path.
 *
 * <pre>
 * replicas:
 *   - name: standby-1                          # unique; names the replica in events and metrics
 *     url: jdbc:postgresql://10.0.0.2:5432/app # or jdbc:mysql:// / jdbc:mariadb://
 *     user: turnout_monitor
 *     password: secret
 *     role: replica                            # replica (default) | primary (PostgreSQL: pg_stat_replication)
 *     expectReplicas: 1                        # role primary: fewer streaming replicas is a failure
 *     pollIntervalMs: 500
 *     failuresBeforeBreach: 3                  # polls in a row without a lag figure before it is a breach
 * </pre>
 */
final class ReplicaSection {

    private static final Set<String> FIELDS = Set.of("name", "url", "user", "password", "role", "expectReplicas",
            "pollIntervalMs", "failuresBeforeBreach");

    private final BiConsumer<String, String> problem;
    private int problems;

    /** @param problem receives (field path, what is wrong) */
    ReplicaSection(BiConsumer<String, String> problem) {
        this.problem = problem;
    }

    List<ReplicaConfig> read(JsonNode list) {
        List<ReplicaConfig> out = new ArrayList<>();
        if (!list.isArray()) {
            problem.accept("replicas", "must be a list of {name, url, user, password}");
            return out;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            ReplicaConfig r = replica(list.get(i), "replicas[" + i + "]");
            String name = list.get(i).path("name").asText("");
            if (!name.isBlank() && !names.add(name)) {
                problem.accept("replicas[" + i + "].name", "duplicate replica name '" + name + "'");
            } else if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private ReplicaConfig replica(JsonNode n, String path) {
        if (!n.isObject()) {
            problem.accept(path, "must be a mapping with name, url, user and password");
            return null;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                problem.accept(path + "." + f, "unknown field (expected one of " + new TreeSet<>(FIELDS) + ")");
            }
        }
        int before = problems;
        String name = text(n, path, "name", true);
        String url = text(n, path, "url", true);
        String user = text(n, path, "user", true);
        String password = text(n, path, "password", false);
        if (url != null && !url.matches("jdbc:(postgresql|mysql|mariadb):.*")) {
            report(path + ".url", "must be a JDBC URL (jdbc:postgresql://..., jdbc:mysql://... or jdbc:mariadb://...)");
        }
        ReplicaConfig.Role role = ReplicaConfig.Role.REPLICA;
        String r = text(n, path, "role", false);
        if (r != null) {
            switch (r.toLowerCase(Locale.ROOT)) {
                case "replica" -> role = ReplicaConfig.Role.REPLICA;
                case "primary" -> role = ReplicaConfig.Role.PRIMARY;
                default -> report(path + ".role", "must be replica or primary, got '" + r + "'");
            }
        }
        if (role == ReplicaConfig.Role.PRIMARY && url != null && !url.startsWith("jdbc:postgresql:")) {
            report(path + ".role", "primary is for PostgreSQL (pg_stat_replication); for MySQL / MariaDB list "
                    + "each replica with role replica");
        }
        int expect = integer(n, path, "expectReplicas", 1, 0, 1000);
        if (n.has("expectReplicas") && role != ReplicaConfig.Role.PRIMARY) {
            report(path + ".expectReplicas", "only applies with role primary");
        }
        int interval = integer(n, path, "pollIntervalMs", (int) ReplicaConfig.DEFAULT_POLL_INTERVAL.toMillis(), 50,
                3_600_000);
        int failures = integer(n, path, "failuresBeforeBreach", ReplicaConfig.DEFAULT_FAILURES_BEFORE_BREACH, 1,
                1000);
        if (problems != before) {
            return null;
        }
        return new ReplicaConfig(name, url, user, password, role, expect, Duration.ofMillis(interval), failures);
    }

    private void report(String path, String what) {
        problems++;
        problem.accept(path, what);
    }

    private String text(JsonNode n, String path, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                report(path + "." + field, "is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            report(path + "." + field, "must be a non-empty string");
            return null;
        }
        return v.asText();
    }

    private int integer(JsonNode n, String path, String field, int dflt, int min, int max) {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            report(path + "." + field, "must be an integer in " + min + ".." + max + ", got '" + v.asText() + "'");
            return dflt;
        }
        return v.asInt();
    }
}
