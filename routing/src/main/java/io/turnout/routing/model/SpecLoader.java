package io.turnout.routing.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a migrations file (YAML or JSON; JSON is YAML, so one parser reads both) into a validated
 * {@link MigrationSet}.
 *
 * <pre>
 * version: 3
 * migrations:
 *   - id: m1
 *     kind: rename-column
 *     table: users
 *     column: name
 *     to: full_name
 *     phase: dual-write
 * </pre>
 */
public final class SpecLoader {

    /** The file as written: field names in kebab case. */
    record MigrationsFile(Long version, List<MigrationSpec> migrations) {
    }

    private final ObjectMapper mapper;

    public SpecLoader() {
        this.mapper = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public MigrationSet load(Path file) throws IOException, SpecValidationException {
        return parse(Files.readString(file), file.toString());
    }

    public MigrationSet parse(String text, String source) throws SpecValidationException {
        MigrationsFile file;
        try {
            file = mapper.readValue(text, MigrationsFile.class);
        } catch (JsonMappingException e) {
            throw new SpecValidationException(source, List.of(fieldPath(e) + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SpecValidationException(source, List.of("(file): not YAML or JSON: " + e.getMessage()));
        }
        if (file == null || file.migrations() == null) {
            throw new SpecValidationException(source, List.of("migrations: required (a list of migrations)"));
        }
        List<String> errors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < file.migrations().size(); i++) {
            MigrationSpec spec = file.migrations().get(i);
            String where = "migrations[" + i + "]";
            if (spec == null) {
                errors.add(where + ": empty entry");
                continue;
            }
            errors.addAll(spec.validate(where));
            if (spec.id() != null && !ids.add(spec.id())) {
                errors.add(where + ".id: '" + spec.id() + "' is used twice");
            }
        }
        if (!errors.isEmpty()) {
            throw new SpecValidationException(source, errors);
        }
        return new MigrationSet(file.version() == null ? 1 : file.version(), file.migrations());
    }

    /** Serialises a set back to YAML (for tests and for the CLI). */
    public String write(MigrationSet set) {
        try {
            return mapper.writeValueAsString(new MigrationsFile(set.version(), set.migrations()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise migrations", e);
        }
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? "(file)" : path;
    }
}
