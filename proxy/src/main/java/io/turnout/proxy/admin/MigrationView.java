package io.turnout.proxy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnout.proxy.control.AuditEvent;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.MigrationState;
import io.turnout.proxy.control.ReplicaReading;
import io.turnout.proxy.state.StateCodec;

/** The JSON the admin API shows for a migration, its live window figures and its audit events. */
final class MigrationView {

    private final StateCodec codec;
    private final BreakerLoop breakers;

    MigrationView(StateCodec codec, BreakerLoop breakers) {
        this.codec = codec;
        this.breakers = breakers;
    }

    ObjectNode of(MigrationState s) {
        ObjectNode n = codec.mapper().createObjectNode();
        n.put("id", s.id());
        n.put("kind", s.spec().kind().wireName());
        n.put("table", s.spec().table());
        n.put("phase", s.phase().wireName());
        n.put("readPercent", s.readPercent());
        n.put("effectiveReadPercent", s.effectiveReadPercent());
        n.put("comparePercent", s.comparePercent());
        n.put("effectiveComparePercent", s.effectiveComparePercent());
        n.put("version", s.version());
        n.put("updatedAt", s.updatedAt().toString());
        n.set("breaker", codec.breaker(s.breaker()));
        n.set("ramp", codec.ramp(s.ramp()));
        n.set("thresholds", codec.thresholds(s.thresholds()));
        n.set("spec", codec.spec(s.spec()));
        n.set("figures", figures(s.id()));
        n.set("replicas", replicas());
        return n;
    }

    /** The last reading of every watched replica (an empty list when none are configured). */
    JsonNode replicas() {
        com.fasterxml.jackson.databind.node.ArrayNode a = codec.mapper().createArrayNode();
        for (ReplicaReading r : breakers.replicas().readings()) {
            ObjectNode o = a.addObject();
            o.put("replica", r.replica());
            o.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            o.put("lagMillis", r.lagMillis());
            o.put("failures", r.failures());
            o.put("breachAfterFailures", r.breachAfterFailures());
            o.put("detail", r.detail());
            o.put("polledAt", r.polledAt().toString());
        }
        return a;
    }

    /** The breaker window's figures, or null while no statement of the migration was seen. */
    JsonNode figures(String id) {
        return breakers.existingWindow(id).<JsonNode>map(w -> codec.mapper().valueToTree(w.summary()))
                .orElse(codec.mapper().nullNode());
    }

    ObjectNode event(AuditEvent e) {
        ObjectNode n = codec.mapper().createObjectNode();
        n.put("at", e.at().toString());
        n.put("actor", e.actor());
        n.put("migration", e.migrationId());
        n.put("action", e.action());
        n.put("from", e.from());
        n.put("to", e.to());
        n.put("reason", e.reason());
        return n;
    }

    String write(JsonNode n) {
        return codec.write(n);
    }

    StateCodec codec() {
        return codec;
    }
}
