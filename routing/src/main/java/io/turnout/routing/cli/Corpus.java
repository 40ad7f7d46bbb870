package io.turnout.routing.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.sql.Dialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A differential-test corpus file (see {@code sql-corpus/README.md}): schema, seed, migrations described neutrally,
 * and statements with their expectation. The migrations are turned into Turnout specs here.
 */
public record Corpus(Dialect dialect, String schema, String seed, Map<String, CorpusMigration> migrations,
        List<CorpusStatement> statements) {

    /** A migration of the corpus: its Turnout spec and the DDL / SQL that build the new shape. */
    public record CorpusMigration(MigrationSpec spec, String expand, String backfill) {
    }

    /** One statement of the corpus. */
    public record CorpusStatement(String id, String migration, String sql, List<Object> params, String shape,
            String expect) {
    }

    public static Corpus load(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        JsonNode root = mapper.readTree(Files.readString(file));
        Dialect dialect = Dialect.parse(root.path("dialect").asText());
        Map<String, CorpusMigration> migrations = new LinkedHashMap<>();
        root.path("migrations").fields().forEachRemaining(e -> migrations.put(e.getKey(),
                migration(e.getKey(), e.getValue(), dialect)));
        List<CorpusStatement> statements = new ArrayList<>();
        for (JsonNode s : root.path("statements")) {
            List<Object> params = new ArrayList<>();
            for (JsonNode p : s.path("params")) {
                params.add(p.isIntegralNumber() ? (Object) p.asLong() : p.isNumber() ? p.decimalValue() : p.asText());
            }
            statements.add(new CorpusStatement(s.path("id").asText(), s.path("migration").asText(),
                    s.path("sql").asText(), params, s.path("shape").asText("old"), s.path("expect").asText()));
        }
        return new Corpus(dialect, root.path("schema").asText(), root.path("seed").asText(), migrations, statements);
    }

    private static CorpusMigration migration(String id, JsonNode m, Dialect dialect) {
        MigrationKind kind = MigrationKind.parse(m.path("kind").asText());
        String table = m.path("table").asText(null);
        String to = m.path("to").asText(null);
        MigrationSpec spec = switch (kind) {
            case RENAME_COLUMN -> new MigrationSpec(id, kind, table, m.path("from").asText(), to, null, null, null,
                    null, null, null, null, null, Phase.DUAL_WRITE);
            case REPLACE_COLUMN -> new MigrationSpec(id, kind, table, m.path("from").asText(), to,
                    m.path("forward").asText(), m.path("backward").asText(),
                    dialect == Dialect.POSTGRES ? "numeric(10,2)" : "DECIMAL(10,2)", null, null, null, null, null,
                    Phase.DUAL_WRITE);
            case MOVE_TABLE -> {
                Map<String, String> renames = new LinkedHashMap<>();
                m.path("columns").fields().forEachRemaining(e -> renames.put(e.getKey(), e.getValue().asText()));
                yield new MigrationSpec(id, kind, m.path("from").asText(), null, to, null, null, null, renames,
                        null, null, null, null, Phase.DUAL_WRITE);
            }
            case SPLIT_TABLE -> {
                List<String> cols = new ArrayList<>();
                m.path("columns").forEach(c -> cols.add(c.asText()));
                Map.Entry<String, JsonNode> key = m.path("key").fields().next();
                String targetKey = key.getKey().substring(key.getKey().indexOf('.') + 1);
                String oldKey = key.getValue().asText().substring(key.getValue().asText().indexOf('.') + 1);
                yield new MigrationSpec(id, kind, table, null, to, null, null, null, null, cols, oldKey, targetKey,
                        null, Phase.DUAL_WRITE);
            }
        };
        return new CorpusMigration(spec, m.path("expand").asText(), m.path("backfill").asText());
    }
}
