package io.turnout.proxy.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/** Reads the {@code admin:} section of the configuration, reporting each problem by its path. */
final class AdminSection {

    private final BiConsumer<String, String> problem;
    private final Path baseDir;

    /** @param problem receives (field path, what is wrong) */
    AdminSection(BiConsumer<String, String> problem, Path baseDir) {
        this.problem = problem;
        this.baseDir = baseDir;
    }

    AdminConfig read(JsonNode n) {
        if (!allow(n, "admin", Set.of("bind", "token", "tokenFile", "instanceName", "stateStore",
                "compare"))) {
            return null;
        }
        HostPort bind = AdminConfig.DEFAULT_BIND;
        String b = text(n, "admin", "bind");
        if (b != null) {
            try {
                bind = HostPort.parse(b);
            } catch (IllegalArgumentException e) {
                problem.accept("admin.bind", e.getMessage());
            }
        }
        String token = secret(n, "admin", "token", "tokenFile");
        if (token == null && !n.has("token") && !n.has("tokenFile")) {
            problem.accept("admin.token", "is required (or admin.tokenFile): every admin call needs a bearer token");
        } else if (token != null && token.length() < 16) {
            problem.accept(n.has("token") ? "admin.token" : "admin.tokenFile",
                    "must be at least 16 characters (it guards every change to live traffic)");
        }
        String instance = text(n, "admin", "instanceName");
        StateStoreConfig store = n.has("stateStore") ? store(n.get("stateStore")) : null;
        CompareLimits compare = n.has("compare") ? compare(n.get("compare")) : CompareLimits.DEFAULTS;
        return new AdminConfig(bind, token, instance == null ? hostName() : instance, store, compare);
    }

    private CompareLimits compare(JsonNode n) {
        String path = "admin.compare";
        if (!allow(n, path, Set.of("maxPerSecond", "queue"))) {
            return CompareLimits.DEFAULTS;
        }
        double perSecond = CompareLimits.DEFAULTS.maxPerSecond();
        JsonNode rate = n.get("maxPerSecond");
        if (rate != null) {
            if (!rate.isNumber() || !(rate.asDouble() >= 0) || Double.isInfinite(rate.asDouble())) {
                problem.accept(path + ".maxPerSecond", "must be a number of samples per second, 0 or more (0 turns "
                        + "compare off on this proxy), got '" + rate.asText() + "'");
            } else {
                perSecond = rate.asDouble();
            }
        }
        int queue = CompareLimits.DEFAULTS.queue();
        JsonNode q = n.get("queue");
        if (q != null) {
            if (!q.canConvertToInt() || !q.isIntegralNumber() || q.asInt() < 1) {
                problem.accept(path + ".queue", "must be a whole number of samples, 1 or more, got '" + q.asText()
                        + "'");
            } else {
                queue = q.asInt();
            }
        }
        return new CompareLimits(perSecond, queue);
    }

    private StateStoreConfig store(JsonNode n) {
        String path = "admin.stateStore";
        if (!allow(n, path, Set.of("url", "user", "password", "passwordFile", "schema"))) {
            return null;
        }
        String url = text(n, path, "url");
        if (url == null && !n.has("url")) {
            problem.accept(path + ".url", "is required (jdbc:postgresql://... or jdbc:mysql://...)");
        } else if (url != null && !url.matches("jdbc:(postgresql|mysql|mariadb):.*")) {
            problem.accept(path + ".url", "must start with jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb:, got '"
                    + url + "'");
        }
        String user = text(n, path, "user");
        if (user == null && !n.has("user")) {
            problem.accept(path + ".user", "is required");
        }
        String password = secret(n, path, "password", "passwordFile");
        String schema = text(n, path, "schema");
        if (schema != null && !schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            problem.accept(path + ".schema", "must be a plain identifier, got '" + schema + "'");
        }
        return new StateStoreConfig(url, user, password, schema);
    }

    /** The value of {@code field}, or the trimmed content of the file named by {@code fileField}. */
    private String secret(JsonNode n, String path, String field, String fileField) {
        if (n.has(field) && n.has(fileField)) {
            problem.accept(path + "." + fileField, "give " + field + " or " + fileField + ", not both");
            return null;
        }
        if (n.has(field)) {
            return text(n, path, field);
        }
        String file = text(n, path, fileField);
        if (file == null) {
            return null;
        }
        Path f = baseDir == null ? Path.of(file) : baseDir.resolve(file);
        try {
            return Files.readString(f).trim();
        } catch (IOException e) {
            problem.accept(path + "." + fileField, "cannot read " + f + ": " + e.getMessage());
            return null;
        }
    }

    private boolean allow(JsonNode n, String path, Set<String> fields) {
        if (!n.isObject()) {
            problem.accept(path, "must be a mapping");
            return false;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                problem.accept(path + "." + f, "unknown field (expected one of " + new TreeSet<>(fields) + ")");
            }
        }
        return true;
    }

    private String text(JsonNode n, String path, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            problem.accept(path + "." + field, "must be a non-empty string");
            return null;
        }
        return v.asText();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "turnout";
        }
    }
}
