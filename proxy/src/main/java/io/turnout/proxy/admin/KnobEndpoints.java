package io.turnout.proxy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.MigrationState;
import io.turnout.proxy.control.Thresholds;
import io.turnout.routing.model.Phase;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The run-time knobs of one migration, each with a GET and a PUT or POST: phase, read and compare percentage,
 * breaker thresholds, the ramp schedule and the breaker itself. Every change takes an optional expected version
 * ({@code If-Match} or {@code "version"}) and an optional {@code "reason"} for the audit log.
 */
final class KnobEndpoints {

    private final ControlPlane control;
    private final MigrationView view;
    private final MigrationEndpoints states;

    KnobEndpoints(ControlPlane control, MigrationView view, MigrationEndpoints states) {
        this.control = control;
        this.view = view;
        this.states = states;
    }

    void register(Router r) {
        r.add("GET", "/migrations/{id}/phase", q -> knob(q, "phase",
                s -> view.codec().mapper().getNodeFactory().textNode(s.phase().wireName())));
        r.add("PUT", "/migrations/{id}/phase", this::setPhase);
        r.add("GET", "/migrations/{id}/read-percent", q -> percent(q, MigrationState::readPercent,
                MigrationState::effectiveReadPercent));
        r.add("PUT", "/migrations/{id}/read-percent", q -> {
            RequestBody b = body(q, "percent");
            return states.state(control.setReadPercent(q.param("id"), percentOf(b),
                    b.expectedVersion(q), q.actorOrDefault(), b.text("reason", false)), 200);
        });
        r.add("GET", "/migrations/{id}/compare-percent", q -> percent(q, MigrationState::comparePercent,
                MigrationState::effectiveComparePercent));
        r.add("PUT", "/migrations/{id}/compare-percent", q -> {
            RequestBody b = body(q, "percent");
            return states.state(control.setComparePercent(q.param("id"), percentOf(b),
                    b.expectedVersion(q), q.actorOrDefault(), b.text("reason", false)), 200);
        });
        r.add("GET", "/migrations/{id}/thresholds", q -> knob(q, "thresholds",
                s -> view.codec().thresholds(s.thresholds())));
        r.add("PUT", "/migrations/{id}/thresholds", this::setThresholds);
        r.add("GET", "/migrations/{id}/ramp", q -> knob(q, "ramp", s -> view.codec().ramp(s.ramp())));
        r.add("POST", "/migrations/{id}/ramp/start", this::startRamp);
        r.add("POST", "/migrations/{id}/ramp/pause", q -> {
            RequestBody b = body(q);
            return states.state(control.pauseRamp(q.param("id"), b.expectedVersion(q), q.actorOrDefault(),
                    b.text("reason", false)), 200);
        });
        r.add("POST", "/migrations/{id}/ramp/resume", q -> {
            RequestBody b = body(q);
            return states.state(control.resumeRamp(q.param("id"), b.expectedVersion(q), q.actorOrDefault(),
                    b.text("reason", false)), 200);
        });
        r.add("GET", "/migrations/{id}/breaker", q -> knob(q, "breaker", s -> {
            ObjectNode breaker = view.codec().breaker(s.breaker());
            breaker.set("replicas", view.replicas());
            return breaker;
        }));
        r.add("POST", "/migrations/{id}/breaker/trip", q -> {
            RequestBody b = RequestBody.of(q, false).allow("reason");
            return states.state(control.trip(q.param("id"), b.text("reason", true), q.actorOrDefault()), 200);
        });
        r.add("POST", "/migrations/{id}/breaker/rearm", q -> {
            RequestBody b = body(q);
            return states.state(control.rearm(q.param("id"), b.expectedVersion(q), q.actorOrDefault(),
                    b.text("reason", false)), 200);
        });
    }

    /** A body with the given fields plus {@code version} and {@code reason}; empty is allowed when none is needed. */
    private static RequestBody body(AdminRequest q, String... fields) {
        String[] all = new String[fields.length + 2];
        System.arraycopy(fields, 0, all, 0, fields.length);
        all[fields.length] = "version";
        all[fields.length + 1] = "reason";
        return RequestBody.of(q, fields.length == 0).allow(all);
    }

    private static double percentOf(RequestBody b) {
        double p = b.number("percent", true);
        if (!(p >= 0 && p <= 100)) {
            throw ApiException.badField("percent", "must be between 0 and 100, got " + p);
        }
        return p;
    }

    private AdminResponse setPhase(AdminRequest q) {
        RequestBody b = body(q, "phase");
        String text = b.text("phase", true);
        Phase phase;
        try {
            phase = Phase.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("phase", e.getMessage());
        }
        return states.state(control.setPhase(q.param("id"), phase, b.expectedVersion(q), q.actorOrDefault(),
                b.text("reason", false)), 200);
    }

    private AdminResponse setThresholds(AdminRequest q) {
        RequestBody b = body(q, "maxErrorRate", "maxP95Ratio", "maxConfirmedDiffs", "maxReplicaLagMillis",
                "windowSeconds", "minSamples");
        Long version = b.expectedVersion(q);
        Thresholds cur = control.get(q.param("id")).thresholds();
        Double errorRate = b.number("maxErrorRate", false);
        Double p95 = b.number("maxP95Ratio", false);
        if (errorRate != null && (errorRate < 0 || errorRate > 1)) {
            throw ApiException.badField("maxErrorRate", "must be a fraction in 0..1 (0.005 = 0.5%), got " + errorRate);
        }
        if (p95 != null && p95 < 1) {
            throw ApiException.badField("maxP95Ratio", "must be at least 1 (1.10 = new p95 up to 10% above old)");
        }
        Long diffs = b.integer("maxConfirmedDiffs", 0);
        Long lag = b.integer("maxReplicaLagMillis", 0);
        Long window = b.integer("windowSeconds", 1);
        Long samples = b.integer("minSamples", 1);
        Thresholds next = new Thresholds(errorRate == null ? cur.maxErrorRate() : errorRate,
                p95 == null ? cur.maxP95Ratio() : p95, diffs == null ? cur.maxConfirmedDiffs() : diffs,
                lag == null ? cur.maxReplicaLag() : Duration.ofMillis(lag),
                window == null ? cur.window() : Duration.ofSeconds(window),
                samples == null ? cur.minSamples() : samples);
        return states.state(control.setThresholds(q.param("id"), next, version, q.actorOrDefault(),
                b.text("reason", false)), 200);
    }

    private AdminResponse startRamp(AdminRequest q) {
        RequestBody b = body(q, "steps", "dwellSeconds");
        List<Double> steps = b.numbers("steps");
        Double dwell = b.number("dwellSeconds", false);
        if (dwell != null && dwell < 0) {
            throw ApiException.badField("dwellSeconds", "must not be negative, got " + dwell);
        }
        MigrationState s = control.startRamp(q.param("id"), steps,
                dwell == null ? null : Duration.ofMillis(Math.round(dwell * 1000)), b.expectedVersion(q),
                q.actorOrDefault(), b.text("reason", false));
        return states.state(s, 200);
    }

    private AdminResponse percent(AdminRequest q, ToDoubleFunction<MigrationState> set,
                                  ToDoubleFunction<MigrationState> effective) {
        MigrationState s = control.get(q.param("id"));
        ObjectNode n = view.codec().mapper().createObjectNode();
        n.put("percent", set.applyAsDouble(s));
        n.put("effectivePercent", effective.applyAsDouble(s));
        return withVersion(s, n);
    }

    private AdminResponse knob(AdminRequest q, String name, Function<MigrationState, JsonNode> value) {
        MigrationState s = control.get(q.param("id"));
        ObjectNode n = view.codec().mapper().createObjectNode();
        n.set(name, value.apply(s));
        return withVersion(s, n);
    }

    private AdminResponse withVersion(MigrationState s, ObjectNode n) {
        n.put("version", s.version());
        return AdminResponse.json(200, view.write(n)).withHeaders(Map.of("ETag", "\"" + s.version() + "\""));
    }
}
