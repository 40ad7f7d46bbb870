package io.turnout.proxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.turnout.proxy.state.StateCodec;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a migration spec from a request body: one migration in the migrations file's form (kebab-case fields, JSON
 * or YAML), validated with the field of every problem named.
 */
final class SpecBodies {

    private final StateCodec codec;

    SpecBodies(StateCodec codec) {
        this.codec = codec;
    }

    /** @param pathId the id in the URL, or null; the body's id must match it and defaults to it */
    MigrationSpec read(AdminRequest request, String pathId) {
        JsonNode tree = RequestBody.tree(request, false);
        if (tree.has("migrations")) {
            throw ApiException.badField("migrations", "send one migration per call (the CLI splits a migrations "
                    + "file for you)");
        }
        if (pathId != null && !tree.has("id")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("id", pathId);
        }
        MigrationSpec spec;
        try {
            spec = codec.spec(tree);
        } catch (JsonMappingException e) {
            String field = path(e);
            throw new ApiException(400, field, field + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "(body)", "(body): " + e.getOriginalMessage());
        }
        List<String> problems = spec.validate("spec").stream().map(p -> p.replaceFirst("^spec\\.", "")).toList();
        if (!problems.isEmpty()) {
            String first = problems.get(0);
            throw new ApiException(400, first.substring(0, Math.max(0, first.indexOf(':'))),
                    String.join("; ", problems));
        }
        if (tree.has("phase") && spec.phase() != Phase.OFF) {
            throw ApiException.badField("phase", "a spec is created or replaced while off; move it with PUT "
                    + "/migrations/{id}/phase");
        }
        if (pathId != null && !pathId.equals(spec.id())) {
            throw ApiException.badField("id", "'" + spec.id() + "' differs from the id in the URL '" + pathId + "'");
        }
        return spec;
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
        return p.startsWith(".") ? p.substring(1) : p.isEmpty() ? "(body)" : p;
    }
}
