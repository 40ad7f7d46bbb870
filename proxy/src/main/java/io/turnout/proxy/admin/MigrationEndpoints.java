package io.turnout.proxy.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnout.proxy.control.AuditEvent;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.MigrationState;
import io.turnout.routing.model.MigrationSpec;

import java.util.List;
import java.util.Map;

/** Listing, reading, creating, validating and re-specifying migrations; the audit log. */
final class MigrationEndpoints {

    private final ControlPlane control;
    private final MigrationView view;
    private final SpecBodies specs;

    MigrationEndpoints(ControlPlane control, MigrationView view) {
        this.control = control;
        this.view = view;
        this.specs = new SpecBodies(view.codec());
    }

    void register(Router r) {
        r.add("GET", "/migrations", this::list);
        r.add("POST", "/migrations", this::create);
        r.add("POST", "/migrations/validate", this::validate);
        r.add("GET", "/migrations/{id}", q -> state(control.get(q.param("id")), 200));
        r.add("GET", "/migrations/{id}/spec", this::getSpec);
        r.add("PUT", "/migrations/{id}/spec", this::putSpec);
        r.add("GET", "/migrations/{id}/audit", q -> audit(q, control.get(q.param("id")).id()));
        r.add("GET", "/audit", q -> audit(q, q.query().get("migration")));
    }

    /** A migration's full view with its version as the ETag. */
    AdminResponse state(MigrationState s, int status) {
        return AdminResponse.json(status, view.write(view.of(s)))
                .withHeaders(Map.of("ETag", "\"" + s.version() + "\""));
    }

    private AdminResponse list(AdminRequest q) {
        ArrayNode items = view.codec().mapper().createArrayNode();
        control.list().forEach(s -> items.add(view.of(s)));
        ObjectNode n = view.codec().mapper().createObjectNode();
        n.set("migrations", items);
        return AdminResponse.json(200, view.write(n));
    }

    private AdminResponse create(AdminRequest q) {
        MigrationSpec spec = specs.read(q, null);
        MigrationState s = control.create(spec, null, q.actorOrDefault(), q.query().get("reason"));
        return state(s, 201).withHeaders(Map.of("ETag", "\"" + s.version() + "\"", "Location",
                "/migrations/" + s.id()));
    }

    private AdminResponse validate(AdminRequest q) {
        MigrationSpec spec = specs.read(q, null);
        ObjectNode n = view.codec().mapper().createObjectNode();
        n.put("valid", true);
        n.put("exists", control.snapshot().byId().containsKey(spec.id()));
        n.set("spec", view.codec().spec(spec));
        return AdminResponse.json(200, view.write(n));
    }

    private AdminResponse getSpec(AdminRequest q) {
        MigrationState s = control.get(q.param("id"));
        return AdminResponse.json(200, view.write(view.codec().spec(s.spec())))
                .withHeaders(Map.of("ETag", "\"" + s.version() + "\""));
    }

    private AdminResponse putSpec(AdminRequest q) {
        control.get(q.param("id"));
        MigrationSpec spec = specs.read(q, q.param("id"));
        Long version = RequestBody.ifMatch(q);
        return state(control.updateSpec(spec, null, version, q.actorOrDefault(), q.query().get("reason")), 200);
    }

    private AdminResponse audit(AdminRequest q, String migrationId) {
        int limit = limit(q);
        List<AuditEvent> events = control.audit(migrationId);
        ArrayNode items = view.codec().mapper().createArrayNode();
        events.subList(Math.max(0, events.size() - limit), events.size()).forEach(e -> items.add(view.event(e)));
        ObjectNode n = view.codec().mapper().createObjectNode();
        n.put("total", events.size());
        n.set("events", items);
        return AdminResponse.json(200, view.write(n));
    }

    static int limit(AdminRequest q) {
        String l = q.query().get("limit");
        if (l == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(l);
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badField("limit", "must be an integer in 1..10000, got '" + l + "'");
    }
}
