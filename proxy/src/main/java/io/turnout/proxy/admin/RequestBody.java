package io.turnout.proxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request body read as JSON ({@code application/json}) or YAML (any other type), with typed field access that
 * names the field in every refusal. Unknown fields are refused too, so a typo never passes silently.
 */
final class RequestBody {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode root;

    private RequestBody(JsonNode root) {
        this.root = root;
    }

    /** Parses the body; an empty body is an empty object when {@code optional}, else a 400. */
    static RequestBody of(AdminRequest request, boolean optional) {
        return new RequestBody(tree(request, optional));
    }

    static JsonNode tree(AdminRequest request, boolean optional) {
        if (!request.hasBody()) {
            if (optional) {
                return JSON.createObjectNode();
            }
            throw new ApiException(400, "(body)", "(body): required; send a JSON or YAML object");
        }
        boolean json = request.contentType() != null
                && request.contentType().toLowerCase(Locale.ROOT).contains("json");
        JsonNode n;
        try {
            n = (json ? JSON : YAML).readTree(request.bodyText());
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "(body)", "(body): not valid " + (json ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage() + (e.getLocation() == null ? "" : " at line "
                    + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()));
        }
        if (n == null || !n.isObject()) {
            throw new ApiException(400, "(body)", "(body): must be an object");
        }
        return n;
    }

    JsonNode root() {
        return root;
    }

    RequestBody allow(String... fields) {
        Set<String> ok = Set.of(fields);
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ok.contains(f)) {
                throw ApiException.badField(f, "unknown field (expected one of " + new TreeSet<>(ok) + ")");
            }
        }
        return this;
    }

    private JsonNode get(String field) {
        JsonNode v = root.get(field);
        return v == null ? NullNode.instance : v;
    }

    String text(String field, boolean required) {
        JsonNode v = get(field);
        if (v.isNull()) {
            if (required) {
                throw ApiException.badField(field, "required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw ApiException.badField(field, "must be a non-empty string, got " + v);
        }
        return v.asText();
    }

    Double number(String field, boolean required) {
        JsonNode v = get(field);
        if (v.isNull()) {
            if (required) {
                throw ApiException.badField(field, "required");
            }
            return null;
        }
        if (!v.isNumber()) {
            throw ApiException.badField(field, "must be a number, got " + v);
        }
        return v.asDouble();
    }

    Long integer(String field, long min) {
        JsonNode v = get(field);
        if (v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min) {
            throw ApiException.badField(field, "must be an integer >= " + min + ", got " + v);
        }
        return v.asLong();
    }

    List<Double> numbers(String field) {
        JsonNode v = get(field);
        if (v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.badField(field, "must be a list of numbers, got " + v);
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isNumber()) {
                throw ApiException.badField(field + "[" + i + "]", "must be a number, got " + v.get(i));
            }
            out.add(v.get(i).asDouble());
        }
        return out;
    }

    /** The version in {@code If-Match}, or null. */
    static Long ifMatch(AdminRequest request) {
        String h = request.ifMatch();
        if (h == null || h.isBlank() || h.trim().equals("*")) {
            return null;
        }
        try {
            return Long.parseLong(h.trim().replaceFirst("^W/", "").replace("\"", ""));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "If-Match", "If-Match: must be a version number such as \"7\" (the "
                    + "ETag of the migration), got " + h);
        }
    }

    /**
     * The version the caller last saw, from {@code If-Match} or the body's {@code version} field (they must agree
     * when both are given); null when neither is.
     */
    Long expectedVersion(AdminRequest request) {
        Long body = integer("version", 1);
        Long header = ifMatch(request);
        if (body != null && header != null && !body.equals(header)) {
            throw ApiException.badField("version", "is " + body + " but If-Match says " + header
                    + "; send one of them");
        }
        return body != null ? body : header;
    }
}
