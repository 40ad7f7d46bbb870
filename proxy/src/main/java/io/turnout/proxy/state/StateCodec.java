package io.turnout.proxy.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnout.proxy.control.BreakerState;
import io.turnout.proxy.control.RampState;
import io.turnout.proxy.control.Thresholds;
import io.turnout.routing.model.MigrationSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON forms of a migration's parts, shared by the state store (columns) and the admin API (bodies). The spec
 * keeps the kebab-case field names of the migrations file; everything else is camel case. Instants are ISO-8601
 * text (exact to the nanosecond, so a restored state equals the saved one), durations are milliseconds.
 */
public final class StateCodec {

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper specMapper = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ObjectMapper mapper() {
        return json;
    }

    public ObjectMapper specMapper() {
        return specMapper;
    }

    public JsonNode spec(MigrationSpec spec) {
        return specMapper.valueToTree(spec);
    }

    public MigrationSpec spec(JsonNode node) throws JsonProcessingException {
        return specMapper.treeToValue(node, MigrationSpec.class);
    }

    public ObjectNode breaker(BreakerState b) {
        ObjectNode n = json.createObjectNode();
        n.put("tripped", b.tripped());
        n.put("reason", b.reason());
        n.put("trippedAt", b.trippedAt() == null ? null : b.trippedAt().toString());
        return n;
    }

    public BreakerState breaker(JsonNode n) {
        return n.path("tripped").asBoolean() ? BreakerState.tripped(text(n, "reason"), instant(n, "trippedAt"))
                : BreakerState.ARMED;
    }

    public ObjectNode ramp(RampState r) {
        ObjectNode n = json.createObjectNode();
        n.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode steps = n.putArray("steps");
        r.steps().forEach(steps::add);
        n.put("dwellSeconds", r.dwell().toMillis() / 1000.0);
        n.put("position", r.position());
        if (r.currentStep() == null) {
            n.putNull("currentStep");
        } else {
            n.put("currentStep", r.currentStep());
        }
        n.put("stepStartedAt", r.stepStartedAt() == null ? null : r.stepStartedAt().toString());
        return n;
    }

    public RampState ramp(JsonNode n) {
        List<Double> steps = new ArrayList<>();
        n.path("steps").forEach(s -> steps.add(s.asDouble()));
        return new RampState(steps, Duration.ofMillis(Math.round(n.path("dwellSeconds").asDouble() * 1000)),
                n.path("position").asInt(-1),
                RampState.Status.valueOf(n.path("status").asText("idle").toUpperCase(java.util.Locale.ROOT)),
                instant(n, "stepStartedAt"));
    }

    public ObjectNode thresholds(Thresholds t) {
        ObjectNode n = json.createObjectNode();
        n.put("maxErrorRate", t.maxErrorRate());
        n.put("maxP95Ratio", t.maxP95Ratio());
        n.put("maxConfirmedDiffs", t.maxConfirmedDiffs());
        n.put("maxReplicaLagMillis", t.maxReplicaLag().toMillis());
        n.put("windowSeconds", t.window().toSeconds());
        n.put("minSamples", t.minSamples());
        return n;
    }

    public Thresholds thresholds(JsonNode n) {
        Thresholds d = Thresholds.DEFAULTS;
        return new Thresholds(n.path("maxErrorRate").asDouble(d.maxErrorRate()),
                n.path("maxP95Ratio").asDouble(d.maxP95Ratio()),
                n.path("maxConfirmedDiffs").asLong(d.maxConfirmedDiffs()),
                Duration.ofMillis(n.path("maxReplicaLagMillis").asLong(d.maxReplicaLag().toMillis())),
                Duration.ofSeconds(n.path("windowSeconds").asLong(d.window().toSeconds())),
                n.path("minSamples").asLong(d.minSamples()));
    }

    public String write(JsonNode n) {
        try {
            return json.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        String t = text(n, field);
        return t == null ? null : Instant.parse(t);
    }
}
