package io.turnout.proxy.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.MigrationState;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * What the operator looks at: window figures, compare statistics and mismatch evidence, untranslatable statements;
 * and the service endpoints {@code /health}, {@code /ready}, {@code /metrics} (open, so probes and Prometheus need
 * no token) and {@code /openapi.json}.
 */
final class InsightEndpoints {

    static final String OPENAPI_RESOURCE = "/io/turnout/proxy/admin/openapi.json";

    private final ControlPlane control;
    private final MigrationView view;
    private final EvidenceLog evidence;
    private final UntranslatableLog untranslatable;
    private final TurnoutMetrics metrics;
    private final BooleanSupplier ready;
    private final String openApi;

    InsightEndpoints(ControlPlane control, MigrationView view, EvidenceLog evidence, UntranslatableLog untranslatable,
                     TurnoutMetrics metrics, BooleanSupplier ready) {
        this.control = control;
        this.view = view;
        this.evidence = evidence;
        this.untranslatable = untranslatable;
        this.metrics = metrics;
        this.ready = ready;
        this.openApi = loadOpenApi();
    }

    static String loadOpenApi() {
        try (InputStream in = InsightEndpoints.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + OPENAPI_RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }

    void register(Router r) {
        r.add("GET", "/migrations/{id}/figures", q -> {
            ObjectNode n = view.codec().mapper().createObjectNode();
            n.set("figures", view.figures(control.get(q.param("id")).id()));
            return AdminResponse.json(200, view.write(n));
        });
        r.add("GET", "/migrations/{id}/compare", this::compare);
        r.add("GET", "/migrations/{id}/evidence", this::evidence);
        r.add("GET", "/untranslatable", this::untranslatable);
        r.add("GET", "/openapi.json", q -> AdminResponse.json(200, openApi));
        r.addOpen("GET", "/health", q -> AdminResponse.json(200, "{\"status\":\"up\"}"));
        r.addOpen("GET", "/ready", q -> ready.getAsBoolean() ? AdminResponse.json(200, "{\"status\":\"ready\"}")
                : AdminResponse.json(503, "{\"status\":\"not ready\",\"reason\":\"the state store is not reachable\"}"));
        r.addOpen("GET", "/metrics", q -> AdminResponse.text(200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape()));
    }

    private AdminResponse compare(AdminRequest q) {
        MigrationState s = control.get(q.param("id"));
        EvidenceLog.Stats st = evidence.stats(s.id());
        ObjectNode n = view.codec().mapper().createObjectNode();
        n.put("comparePercent", s.comparePercent());
        n.put("effectiveComparePercent", s.effectiveComparePercent());
        n.put("compared", st.compared());
        n.put("clearedOnRecheck", st.clearedOnRecheck());
        n.put("confirmed", st.confirmed());
        n.put("evidenceKept", evidence.recent(s.id()).size());
        n.set("figures", view.figures(s.id()));
        return AdminResponse.json(200, view.write(n));
    }

    private AdminResponse evidence(AdminRequest q) {
        MigrationState s = control.get(q.param("id"));
        int limit = MigrationEndpoints.limit(q);
        ArrayNode items = view.codec().mapper().createArrayNode();
        evidence.recent(s.id()).stream().limit(limit).forEach(e -> {
            ObjectNode n = view.codec().mapper().createObjectNode();
            n.put("at", e.at().toString());
            n.put("fingerprint", e.fingerprint());
            n.put("statement", e.statement());
            n.set("parameters", view.codec().mapper().valueToTree(e.parameters()));
            n.put("phase", e.phase() == null ? null : e.phase().wireName());
            n.put("readPercent", e.readPercent());
            n.set("oldRows", view.codec().mapper().valueToTree(e.oldRows()));
            n.set("newRows", view.codec().mapper().valueToTree(e.newRows()));
            n.put("detail", e.detail());
            items.add(n);
        });
        ObjectNode n = view.codec().mapper().createObjectNode();
        n.set("evidence", items);
        return AdminResponse.json(200, view.write(n));
    }

    private AdminResponse untranslatable(AdminRequest q) {
        int limit = MigrationEndpoints.limit(q);
        ArrayNode items = view.codec().mapper().createArrayNode();
        untranslatable.entries().stream().limit(limit).forEach(e -> {
            ObjectNode n = view.codec().mapper().createObjectNode();
            n.put("fingerprint", e.fingerprint());
            n.put("count", e.count());
            n.put("sample", e.sample());
            n.put("reason", e.reason());
            n.put("firstSeen", e.firstSeen().toString());
            n.put("lastSeen", e.lastSeen().toString());
            items.add(n);
        });
        ObjectNode n = view.codec().mapper().createObjectNode();
        n.put("total", untranslatable.total());
        n.set("fingerprints", items);
        return AdminResponse.json(200, view.write(n));
    }
}
