package io.turnout.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code turnout migrations ...}: every admin API call from the command line, printed as tables (or {@code --json}).
 * Reads and spec changes live here; the run-time knobs are in {@link KnobCommands}.
 */
@Command(name = "migrations", description = "Drive migrations through a running proxy's admin API.",
        subcommands = {KnobCommands.Ramp.class}, mixinStandardHelpOptions = true)
final class MigrationsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs one call and prints its result; API refusals print the status, the field and the reason (exit 1). */
    static int call(AdminOptions o, Function<AdminClient, JsonNode> call, Function<JsonNode, String> table) {
        PrintWriter out = o.mixee.commandLine().getOut();
        PrintWriter err = o.mixee.commandLine().getErr();
        try {
            JsonNode result = call.apply(o.client());
            out.print(o.json ? AdminClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n"
                    : table.apply(result));
            out.flush();
            return 0;
        } catch (AdminClient.AdminCallException e) {
            String status = e.status() == 0 ? "" : e.status() + " ";
            err.println("turnout: " + status + e.getMessage() + (e.field() == null ? "" : " [field: " + e.field() + "]"));
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("turnout: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    static String migrationTable(JsonNode list) {
        TextTable t = new TextTable("ID", "KIND", "TABLE", "PHASE", "READS", "COMPARE", "BREAKER", "RAMP", "VERSION");
        for (JsonNode m : list) {
            JsonNode ramp = m.path("ramp");
            t.row(m.path("id").asText(), m.path("kind").asText(), m.path("table").asText(), m.path("phase").asText(),
                    TextTable.pct(m.path("effectiveReadPercent")), TextTable.pct(m.path("effectiveComparePercent")),
                    m.path("breaker").path("tripped").asBoolean() ? "TRIPPED" : "armed",
                    ramp.path("status").asText().equals("idle") ? "-" : ramp.path("status").asText() + " "
                            + ramp.path("currentStep").asText("") ,
                    m.path("version").asLong());
        }
        return t.toString();
    }

    static String migrationLine(JsonNode m) {
        return migrationTable(AdminClient.json().createArrayNode().add(m));
    }

    @Command(name = "list", description = "List migrations with their phase, reads, breaker and ramp.")
    int list(@Mixin AdminOptions o) {
        return call(o, c -> c.get("/migrations"), r -> migrationTable(r.path("migrations")));
    }

    @Command(name = "get", description = "Show one migration: state, spec, thresholds and live window figures.")
    int get(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id) {
        return call(o, c -> c.get("/migrations/" + id), TextTable::block);
    }

    @Command(name = "create", description = "Create migrations (off) from a spec file: one migration, or a "
            + "migrations file with a 'migrations:' list.")
    int create(@Mixin AdminOptions o, @Option(names = "--file", required = true) Path file,
               @Option(names = "--reason") String reason) {
        return call(o, c -> {
            JsonNode list = AdminClient.json().createArrayNode();
            for (JsonNode m : specs(file)) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) list).add(c.post("/migrations"
                        + (reason == null ? "" : "?reason=" + java.net.URLEncoder.encode(reason,
                        java.nio.charset.StandardCharsets.UTF_8)), m));
            }
            return list;
        }, MigrationsCommand::migrationTable);
    }

    @Command(name = "validate", description = "Validate a spec file without creating anything.")
    int validate(@Mixin AdminOptions o, @Option(names = "--file", required = true) Path file) {
        return call(o, c -> {
            com.fasterxml.jackson.databind.node.ArrayNode out = AdminClient.json().createArrayNode();
            for (JsonNode m : specs(file)) {
                out.add(c.post("/migrations/validate", m));
            }
            return out;
        }, r -> {
            StringBuilder sb = new StringBuilder();
            r.forEach(v -> sb.append(v.path("spec").path("id").asText()).append(": valid")
                    .append(v.path("exists").asBoolean() ? " (exists already)" : "").append('\n'));
            return sb.toString();
        });
    }

    @Command(name = "update", description = "Replace the spec of a migration (only while it is off).")
    int update(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id,
               @Option(names = "--file", required = true) Path file) {
        return call(o, c -> {
            JsonNode[] specs = specs(file);
            if (specs.length != 1) {
                throw new AdminClient.AdminCallException(0, "--file", "must hold exactly one migration, it has "
                        + specs.length);
            }
            return c.put("/migrations/" + id + "/spec", specs[0]);
        }, MigrationsCommand::migrationLine);
    }

    @Command(name = "audit", description = "Audit log: who changed what, when, from, to and why.")
    int audit(@Mixin AdminOptions o, @Parameters(paramLabel = "ID", arity = "0..1") String id,
              @Option(names = "--limit", defaultValue = "100") int limit) {
        return call(o, c -> c.get(id == null ? "/audit?limit=" + limit
                : "/migrations/" + id + "/audit?limit=" + limit), r -> {
            TextTable t = new TextTable("AT", "MIGRATION", "ACTOR", "ACTION", "FROM", "TO", "REASON");
            r.path("events").forEach(e -> t.row(e.path("at").asText(), e.path("migration").asText(),
                    e.path("actor").asText(), e.path("action").asText(), text(e, "from"), text(e, "to"),
                    text(e, "reason")));
            return t.toString();
        });
    }

    @Command(name = "stats", description = "Compare statistics and window figures of a migration.")
    int stats(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id) {
        return call(o, c -> c.get("/migrations/" + id + "/compare"), TextTable::block);
    }

    @Command(name = "evidence", description = "Evidence of the last confirmed compare mismatches.")
    int evidence(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id) {
        return call(o, c -> c.get("/migrations/" + id + "/evidence"), r -> {
            StringBuilder sb = new StringBuilder();
            r.path("evidence").forEach(e -> sb.append(TextTable.block(e)).append('\n'));
            return sb.length() == 0 ? "(no confirmed mismatch)\n" : sb.toString();
        });
    }

    @Command(name = "untranslatable", description = "Statements the translator could not handle, per fingerprint.")
    int untranslatable(@Mixin AdminOptions o) {
        return call(o, c -> c.get("/untranslatable"), r -> {
            TextTable t = new TextTable("COUNT", "REASON", "FINGERPRINT", "SAMPLE");
            r.path("fingerprints").forEach(f -> t.row(f.path("count").asLong(), text(f, "reason"),
                    f.path("fingerprint").asText(), text(f, "sample")));
            return t.toString();
        });
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "-" : v.asText();
    }

    /** The migrations of a spec file: the file itself, or each entry of its {@code migrations:} list. */
    static JsonNode[] specs(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new AdminClient.AdminCallException(0, "--file", "cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new AdminClient.AdminCallException(0, "--file", file + " must hold a migration or a "
                    + "'migrations:' list");
        }
        if (root.has("migrations")) {
            JsonNode list = root.get("migrations");
            JsonNode[] out = new JsonNode[list.size()];
            for (int i = 0; i < out.length; i++) {
                ObjectNode m = list.get(i).deepCopy();
                m.remove("phase");
                out[i] = m;
            }
            return out;
        }
        return new JsonNode[] {root};
    }
}
