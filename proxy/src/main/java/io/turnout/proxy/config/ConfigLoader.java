package io.turnout.proxy.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the YAML configuration. Every invalid or unknown field is collected and reported by its path
 * ({@code listeners[0].limits.maxMessageBytes: must be a positive integer}) in one {@link ConfigException}.
 *
 * <pre>
 * listeners:
 *   - name: pg                      # optional, defaults to the protocol
 *     protocol: postgres            # postgres | mysql
 *     bind: 127.0.0.1:6432
 *     upstream: 127.0.0.1:5432      # or unix:/run/postgresql/.s.PGSQL.5432 (a socket on this machine)
 *     tls:
 *       client: { cert: proxy.crt, key: proxy.key }   # or { selfSigned: true }
 *                                                      # sameAsServer: true when cert/key are the server's own
 *                                                      # (channel binding passes through; needs server TLS)
 *       server: { mode: verify-full, ca: root.crt }    # disable | require | verify-full
 *     limits: { maxMessageBytes: 268435456, maxStartupBytes: 10000, maxClientConnections: 2000,
 *               connectTimeoutMs: 5000, idleTimeoutSeconds: 0 }
 * shutdown:
 *   graceSeconds: 30
 * ioThreads: 2                      # optional: event loops (default: one per two cores, at least one)
 * migrations:
 *   file: migrations.yaml           # applied at start and whenever it changes (see SpecFileSync)
 * targets:                          # other servers a move-table migration may target (spec field target)
 *   archive: { url: "jdbc:postgresql://archive:5432/app", user: app, password: secret }
 * replicas:                         # optional: replicas whose lag gates every migration (see ReplicaSection)
 *   - { name: standby-1, url: "jdbc:postgresql://10.0.0.2:5432/app", user: monitor, password: secret }
 * admin:                            # optional: the admin API and the shared state store
 *   bind: 127.0.0.1:9090            # loopback by default
 *   token: a-long-random-string     # or tokenFile: admin.token (one of them is required)
 *   instanceName: proxy-a           # written into the audit log (default: the host name)
 *   stateStore:                     # optional: without it, state lives in memory only
 *     url: jdbc:postgresql://127.0.0.1:5432/app   # or jdbc:mysql://...
 *     user: turnout
 *     password: secret              # or passwordFile: store.password
 *     schema: turnout               # PostgreSQL schema / MySQL database (default turnout)
 *   compare:                        # optional: compare load budget of this proxy (samples beyond it are
 *     maxPerSecond: 100             # dropped and counted); default 100 samples/s, 0 turns compare off
 *     queue: 16                     # samples waiting for a side connection (default 16)
 * </pre>
 */
public final class ConfigLoader {

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public TurnoutConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    public TurnoutConfig parse(String text, String source, Path baseDir) {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
        }
        Reader r = new Reader(baseDir);
        if (root == null || !root.isObject()) {
            throw new ConfigException(source, List.of("(top level): must be a mapping with a 'listeners' list"));
        }
        r.allow(root, "", Set.of("listeners", "shutdown", "admin", "ioThreads", "migrations", "targets",
                "replicas"));
        List<ListenerConfig> listeners = new ArrayList<>();
        JsonNode ls = root.get("listeners");
        if (ls == null || !ls.isArray() || ls.isEmpty()) {
            r.problem("listeners", "must be a non-empty list");
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < ls.size(); i++) {
                ListenerConfig l = r.listener(ls.get(i), "listeners[" + i + "]");
                if (l != null) {
                    if (!names.add(l.name())) {
                        r.problem("listeners[" + i + "].name", "duplicate listener name '" + l.name() + "'");
                    }
                    listeners.add(l);
                }
            }
        }
        Duration grace = Duration.ofSeconds(30);
        JsonNode shutdown = root.get("shutdown");
        if (shutdown != null) {
            r.allow(shutdown, "shutdown", Set.of("graceSeconds"));
            grace = Duration.ofSeconds(r.integer(shutdown, "shutdown", "graceSeconds", 30, 0, 86_400));
        }
        int ioThreads = r.integer(root, "", "ioThreads", 0, 1, 1024);
        AdminConfig admin = root.has("admin") ? new AdminSection(r::problem, baseDir).read(root.get("admin"))
                : null;
        Path migrations = null;
        JsonNode m = root.get("migrations");
        if (m != null) {
            r.allow(m, "migrations", Set.of("file"));
            migrations = r.file(m, "migrations", "file");
            if (migrations == null && m.isObject() && !m.has("file")) {
                r.problem("migrations.file", "is required (the YAML or JSON migrations file to apply and watch)");
            }
        }
        java.util.Map<String, StateStoreConfig> targets = new java.util.LinkedHashMap<>();
        JsonNode t = root.get("targets");
        if (t != null) {
            if (!t.isObject()) {
                r.problem("targets", "must be a mapping of server name to {url, user, password}");
            } else {
                t.fields().forEachRemaining(e -> {
                    String path = "targets." + e.getKey();
                    r.allow(e.getValue(), path, Set.of("url", "user", "password"));
                    String url = r.text(e.getValue(), path, "url", true);
                    String user = r.text(e.getValue(), path, "user", true);
                    String password = r.text(e.getValue(), path, "password", false);
                    if (url != null && !url.startsWith("jdbc:")) {
                        r.problem(path + ".url", "must be a JDBC URL (jdbc:postgresql://... or jdbc:mysql://...)");
                    } else if (url != null && user != null) {
                        targets.put(e.getKey(), new StateStoreConfig(url, user, password, null));
                    }
                });
            }
        }
        List<ReplicaConfig> replicas = root.has("replicas") ? new ReplicaSection(r::problem).read(root.get("replicas"))
                : List.of();
        if (!r.problems.isEmpty()) {
            throw new ConfigException(source, r.problems);
        }
        return new TurnoutConfig(listeners, grace, admin, ioThreads, migrations, targets, replicas);
    }

    /** Walks the tree, collecting problems instead of stopping at the first. */
    private static final class Reader {
        final List<String> problems = new ArrayList<>();
        final Path baseDir;

        Reader(Path baseDir) {
            this.baseDir = baseDir;
        }

        void problem(String path, String what) {
            problems.add(path + ": " + what);
        }

        void allow(JsonNode node, String path, Set<String> fields) {
            if (!node.isObject()) {
                problem(path.isEmpty() ? "(top level)" : path, "must be a mapping");
                return;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!fields.contains(f)) {
                    problem(join(path, f), "unknown field (expected one of " + new java.util.TreeSet<>(fields) + ")");
                }
            }
        }

        ListenerConfig listener(JsonNode n, String path) {
            if (!n.isObject()) {
                problem(path, "must be a mapping");
                return null;
            }
            allow(n, path, Set.of("name", "protocol", "bind", "upstream", "tls", "limits"));
            Protocol protocol = null;
            String p = text(n, path, "protocol", true);
            if (p != null) {
                switch (p.toLowerCase(Locale.ROOT)) {
                    case "postgres", "postgresql" -> protocol = Protocol.POSTGRES;
                    case "mysql", "mariadb" -> protocol = Protocol.MYSQL;
                    default -> problem(join(path, "protocol"), "must be postgres or mysql, got '" + p + "'");
                }
            }
            HostPort bind = hostPort(n, path, "bind");
            Upstream upstream = upstream(n, path);
            String name = text(n, path, "name", false);
            if (name == null && protocol != null) {
                name = protocol.name().toLowerCase(Locale.ROOT);
            }
            TlsConfig tls = n.has("tls") ? tls(n.get("tls"), join(path, "tls")) : TlsConfig.NONE;
            Limits limits = n.has("limits") ? limits(n.get("limits"), join(path, "limits")) : Limits.DEFAULTS;
            if (upstream != null && upstream.isUnix() && tls != null
                    && tls.serverMode() != TlsConfig.ServerTlsMode.DISABLE) {
                problem(join(path, "tls.server.mode"), "must be disable with a Unix-socket upstream ("
                        + upstream + "): the socket never leaves this machine, and PostgreSQL refuses TLS on it");
            }
            if (protocol == null || bind == null || upstream == null || tls == null || limits == null) {
                return null;
            }
            return new ListenerConfig(name, protocol, bind, upstream, tls, limits);
        }

        TlsConfig tls(JsonNode n, String path) {
            allow(n, path, Set.of("client", "server"));
            Path cert = null;
            Path key = null;
            boolean selfSigned = false;
            boolean sameAsServer = false;
            JsonNode c = n.get("client");
            if (c != null) {
                allow(c, join(path, "client"), Set.of("cert", "key", "selfSigned", "sameAsServer"));
                cert = file(c, join(path, "client"), "cert");
                key = file(c, join(path, "client"), "key");
                selfSigned = bool(c, join(path, "client"), "selfSigned");
                sameAsServer = bool(c, join(path, "client"), "sameAsServer");
                if ((cert == null) != (key == null)) {
                    problem(join(path, "client"), "cert and key must be given together");
                }
                if (sameAsServer && (selfSigned || !c.has("cert") || !c.has("key"))) {
                    problem(join(path, "client.sameAsServer"), "needs cert and key (the database server's own "
                            + "certificate and key files), not selfSigned");
                }
            }
            TlsConfig.ServerTlsMode mode = TlsConfig.ServerTlsMode.DISABLE;
            Path ca = null;
            JsonNode s = n.get("server");
            if (s != null) {
                allow(s, join(path, "server"), Set.of("mode", "ca"));
                String m = text(s, join(path, "server"), "mode", false);
                if (m != null) {
                    switch (m.toLowerCase(Locale.ROOT)) {
                        case "disable" -> mode = TlsConfig.ServerTlsMode.DISABLE;
                        case "require" -> mode = TlsConfig.ServerTlsMode.REQUIRE;
                        case "verify-full" -> mode = TlsConfig.ServerTlsMode.VERIFY_FULL;
                        default -> problem(join(path, "server.mode"),
                                "must be disable, require or verify-full, got '" + m + "'");
                    }
                }
                ca = file(s, join(path, "server"), "ca");
            }
            if (sameAsServer && mode == TlsConfig.ServerTlsMode.DISABLE) {
                problem(join(path, "client.sameAsServer"), "needs TLS toward the server (tls.server.mode require "
                        + "or verify-full): channel binding only exists on a TLS connection");
            }
            return new TlsConfig(cert, key, selfSigned, mode, ca, sameAsServer);
        }

        Limits limits(JsonNode n, String path) {
            allow(n, path, Set.of("maxMessageBytes", "maxStartupBytes", "maxClientConnections", "connectTimeoutMs",
                    "idleTimeoutSeconds"));
            Limits d = Limits.DEFAULTS;
            return new Limits(
                    integer(n, path, "maxMessageBytes", d.maxMessageBytes(), 64, Integer.MAX_VALUE),
                    integer(n, path, "maxStartupBytes", d.maxStartupBytes(), 64, 1 << 20),
                    integer(n, path, "maxClientConnections", d.maxClientConnections(), 1, 1_000_000),
                    Duration.ofMillis(integer(n, path, "connectTimeoutMs", (int) d.connectTimeout().toMillis(), 1,
                            3_600_000)),
                    Duration.ofSeconds(integer(n, path, "idleTimeoutSeconds", 0, 0, 31_536_000)));
        }

        int integer(JsonNode n, String path, String field, int dflt, int min, int max) {
            JsonNode v = n.get(field);
            if (v == null) {
                return dflt;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
                problem(join(path, field), "must be an integer in " + min + ".." + max + ", got '" + v.asText() + "'");
                return dflt;
            }
            return v.asInt();
        }

        boolean bool(JsonNode n, String path, String field) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                problem(join(path, field), "must be true or false, got '" + v.asText() + "'");
                return false;
            }
            return v.booleanValue();
        }

        String text(JsonNode n, String path, String field, boolean required) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    problem(join(path, field), "is required");
                }
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                problem(join(path, field), "must be a non-empty string");
                return null;
            }
            return v.asText();
        }

        HostPort hostPort(JsonNode n, String path, String field) {
            String t = text(n, path, field, true);
            if (t == null) {
                return null;
            }
            try {
                return HostPort.parse(t);
            } catch (IllegalArgumentException e) {
                problem(join(path, field), e.getMessage());
                return null;
            }
        }

        Upstream upstream(JsonNode n, String path) {
            String t = text(n, path, "upstream", true);
            if (t == null) {
                return null;
            }
            try {
                return Upstream.parse(t);
            } catch (IllegalArgumentException e) {
                problem(join(path, "upstream"), e.getMessage());
                return null;
            }
        }

        Path file(JsonNode n, String path, String field) {
            String t = text(n, path, field, false);
            if (t == null) {
                return null;
            }
            Path f = baseDir == null ? Path.of(t) : baseDir.resolve(t);
            if (!Files.isReadable(f)) {
                problem(join(path, field), "file " + f + " does not exist or is not readable");
                return null;
            }
            return f;
        }

        static String join(String path, String field) {
            return path.isEmpty() ? field : path + "." + field;
        }
    }
}
