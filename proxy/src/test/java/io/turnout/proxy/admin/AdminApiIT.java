package io.turnout.proxy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnout.proxy.config.AdminConfig;
import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.StateStoreConfig;
import io.turnout.proxy.state.StoreDatabases;
import io.turnout.routing.model.Phase;
import io.turnout.routing.model.Shape;
import io.turnout.testkit.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every admin endpoint against a runtime whose state lives in a real PostgreSQL. */
class AdminApiIT {

    static final String TOKEN = "s3cret-token";
    static final String SPEC = "{\"id\":\"m1\",\"kind\":\"rename-column\",\"table\":\"users\",\"column\":\"name\","
            + "\"to\":\"full_name\"}";

    private static StateStoreConfig store;
    private static AdminRuntime runtime;
    private static Http http;

    @BeforeAll
    static void start() {
        store = StoreDatabases.fresh(Engine.POSTGRES, "admin_api");
        runtime = AdminRuntime.start(new AdminConfig(new HostPort("127.0.0.1", 0), TOKEN, "api-test", store),
                Clock.systemUTC());
        http = new Http(runtime.url(), TOKEN);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static void assertProblem(Http.Reply r, int status, String field, String detailPart) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.toString());
        assertEquals(status, r.json().path("status").asInt(), r.toString());
        if (field != null) {
            assertEquals(field, r.json().path("field").asText(), r.toString());
        }
        assertTrue(r.json().path("detail").asText().contains(detailPart), r.toString());
    }

    @Test
    void callsWithoutAValidBearerTokenAreRefusedWithAReason() {
        assertProblem(http.send("GET", "/migrations", null, null, null), 401, "Authorization", "missing");
        Http.Reply basic = http.send("GET", "/migrations", null, null, null, "Authorization", "Basic YTpi");
        assertProblem(basic, 401, "Authorization", "not a bearer token");
        assertTrue(http.send("GET", "/migrations", null, null, null).header("WWW-Authenticate").startsWith("Bearer"));
        assertProblem(http.send("GET", "/migrations", null, null, "wrong"), 403, "Authorization", "not the admin token");
        assertProblem(http.send("PUT", "/migrations/m1/phase", "{}", "application/json", "wrong"), 403, null, "");
        assertProblem(http.send("GET", "/no/such/route", null, null, null), 401, null, "missing");
        assertProblem(http.send("GET", "/openapi.json", null, null, null), 401, null, "missing");
        // probes and Prometheus need no token
        assertEquals(200, http.send("GET", "/health", null, null, null).status());
        assertEquals(200, http.send("GET", "/ready", null, null, null).status());
        assertEquals(200, http.send("GET", "/metrics", null, null, null).status());
    }

    @Test
    void aMigrationIsDrivenThroughEveryKnob() {
        Http.Reply created = http.post("/migrations", SPEC.replace("m1", "k1"));
        assertEquals(201, created.status(), created.toString());
        assertEquals("/migrations/k1", created.header("Location"));
        assertEquals("\"1\"", created.header("ETag"));
        assertEquals("off", created.json().path("phase").asText());
        assertProblem(http.post("/migrations", SPEC.replace("m1", "k1")), 409, null, "exists already");

        Http.Reply yaml = http.send("POST", "/migrations", "id: k2\nkind: move-table\ntable: orders\nto: orders_v2\n",
                "application/yaml", TOKEN, "X-Turnout-Actor", "ann");
        assertEquals(201, yaml.status(), yaml.toString());
        assertEquals("move-table", yaml.json().path("kind").asText());

        JsonNode list = http.get("/migrations").json().path("migrations");
        assertTrue(list.size() >= 2, list.toString());
        Http.Reply one = http.get("/migrations/k1");
        assertEquals(200, one.status());
        assertEquals("full_name", one.json().path("spec").path("to").asText());
        assertEquals("full_name", http.get("/migrations/k1/spec").json().path("to").asText());

        // phases: skip refused, stale version refused, step by step accepted
        assertProblem(http.put("/migrations/k1/phase", "{\"phase\":\"live\"}"), 409, null, "next is dual-write");
        assertProblem(http.put("/migrations/k1/phase", "{\"phase\":\"dual-write\",\"version\":7}"), 409, null,
                "you sent version 7");
        assertProblem(http.send("PUT", "/migrations/k1/phase", "{\"phase\":\"dual-write\"}", "application/json",
                TOKEN, "If-Match", "\"5\""), 409, null, "you sent version 5");
        assertProblem(http.send("PUT", "/migrations/k1/phase", "{\"phase\":\"dual-write\",\"version\":1}",
                "application/json", TOKEN, "If-Match", "\"2\""), 400, "version", "If-Match says 2");
        Http.Reply dw = http.send("PUT", "/migrations/k1/phase", "{\"phase\":\"dual-write\",\"reason\":\"expand\"}",
                "application/json", TOKEN, "If-Match", "\"1\"", "X-Turnout-Actor", "ann");
        assertEquals(200, dw.status(), dw.toString());
        assertEquals("\"2\"", dw.header("ETag"));
        assertEquals("dual-write", http.get("/migrations/k1/phase").json().path("phase").asText());
        assertProblem(http.put("/migrations/k1/read-percent", "{\"percent\":5}"), 409, null, "only be set in live");
        assertProblem(http.put("/migrations/k1/spec", SPEC.replace("m1", "k1")), 409, null, "only change while");
        assertEquals(200, http.put("/migrations/k1/phase", "{\"phase\":\"shadow\"}").status());
        assertEquals(200, http.put("/migrations/k1/compare-percent", "{\"percent\":10}").status());
        assertEquals(10, http.get("/migrations/k1/compare-percent").json().path("effectivePercent").asDouble());
        assertEquals(200, http.put("/migrations/k1/phase", "{\"phase\":\"live\"}").status());
        assertProblem(http.put("/migrations/k1/phase", "{\"phase\":\"rampdown\"}"), 409, null, "100%");
        Http.Reply pct = http.put("/migrations/k1/read-percent", "{\"percent\":25,\"reason\":\"step 3\"}");
        assertEquals(25, pct.json().path("effectiveReadPercent").asDouble(), pct.toString());
        assertEquals(25, http.get("/migrations/k1/read-percent").json().path("percent").asDouble());

        // thresholds
        assertEquals(0.005, http.get("/migrations/k1/thresholds").json().path("thresholds").path("maxErrorRate")
                .asDouble());
        Http.Reply th = http.put("/migrations/k1/thresholds", "{\"maxErrorRate\":0.01,\"windowSeconds\":20}");
        assertEquals(200, th.status(), th.toString());
        JsonNode t = http.get("/migrations/k1/thresholds").json().path("thresholds");
        assertEquals(0.01, t.path("maxErrorRate").asDouble());
        assertEquals(20, t.path("windowSeconds").asInt());
        assertEquals(1.10, t.path("maxP95Ratio").asDouble(), "fields not sent keep their value");

        // ramp
        assertProblem(http.post("/migrations/k1/ramp/pause", null), 409, null, "no ramp is running");
        Http.Reply ramp = http.post("/migrations/k1/ramp/start", "{\"steps\":[30,60,100],\"dwellSeconds\":600}");
        assertEquals(200, ramp.status(), ramp.toString());
        assertEquals(30, ramp.json().path("readPercent").asDouble());
        JsonNode r = http.get("/migrations/k1/ramp").json().path("ramp");
        assertEquals("running", r.path("status").asText());
        assertEquals(600, r.path("dwellSeconds").asDouble());
        assertEquals("paused", http.post("/migrations/k1/ramp/pause", "{\"reason\":\"lunch\"}").json().path("ramp")
                .path("status").asText());
        assertEquals("running", http.post("/migrations/k1/ramp/resume", null).json().path("ramp").path("status")
                .asText());

        // breaker
        Http.Reply trip = http.post("/migrations/k1/breaker/trip", "{\"reason\":\"manual drill\"}");
        assertEquals(200, trip.status(), trip.toString());
        assertEquals(0, trip.json().path("effectiveReadPercent").asDouble());
        JsonNode b = http.get("/migrations/k1/breaker").json().path("breaker");
        assertTrue(b.path("tripped").asBoolean());
        assertEquals("manual drill", b.path("reason").asText());
        assertProblem(http.put("/migrations/k1/read-percent", "{\"percent\":5}"), 409, null, "re-arm it");
        assertEquals(200, http.post("/migrations/k1/breaker/rearm", "{\"reason\":\"fixed\"}").status());
        assertProblem(http.post("/migrations/k1/breaker/rearm", null), 409, null, "not tripped");

        // audit: who, from, to, why
        JsonNode events = http.get("/migrations/k1/audit").json().path("events");
        JsonNode dualWrite = events.get(1);
        assertEquals("set-phase", dualWrite.path("action").asText());
        assertEquals("ann", dualWrite.path("actor").asText());
        assertEquals("off", dualWrite.path("from").asText());
        assertEquals("dual-write", dualWrite.path("to").asText());
        assertEquals("expand", dualWrite.path("reason").asText());
        assertEquals("rearm", events.get(events.size() - 1).path("action").asText());
        assertEquals(2, http.get("/audit?migration=k1&limit=2").json().path("events").size());
        assertTrue(http.get("/audit").json().path("total").asInt() >= events.size());
    }

    @Test
    void badBodiesAreRefusedNamingTheField() {
        assertProblem(http.post("/migrations", "{\"id\":\"b1\",\"kind\":\"rename-column\",\"table\":\"users\","
                + "\"column\":\"name\"}"), 400, "to", "required for rename-column");
        assertProblem(http.post("/migrations", "{\"id\":\"b1\",\"kind\":\"rename-colum\",\"table\":\"users\"}"),
                400, "kind", "unknown migration kind");
        assertProblem(http.post("/migrations", SPEC.replace("\"to\"", "\"too\"")), 400, "too", "");
        assertProblem(http.post("/migrations", "{\"id\": "), 400, "(body)", "not valid JSON");
        assertProblem(http.post("/migrations", ""), 400, "(body)", "required");
        assertProblem(http.post("/migrations", "[1,2]"), 400, "(body)", "must be an object");
        assertProblem(http.post("/migrations", SPEC.replace("}", ",\"phase\":\"live\"}")), 400, "phase", "");
        assertProblem(http.post("/migrations/validate", SPEC.replace("full_name", "full name")), 400, "to",
                "not a plain identifier");
        assertProblem(http.post("/migrations/validate", SPEC.replace("}", ",\"sticky-key\":\"tenant id\"}")), 400,
                "sticky-key", "not a plain identifier");
        Http.Reply sticky = http.post("/migrations/validate", SPEC.replace("}", ",\"sticky-key\":\"tenant_id\"}"));
        assertEquals(200, sticky.status(), sticky.toString());
        Http.Reply ok = http.post("/migrations/validate", SPEC.replace("m1", "v1"));
        assertEquals(200, ok.status(), ok.toString());
        assertTrue(ok.json().path("valid").asBoolean());
        assertFalse(ok.json().path("exists").asBoolean());

        http.post("/migrations", SPEC.replace("m1", "b2"));
        assertProblem(http.put("/migrations/b2/phase", "{\"phase\":\"sideways\"}"), 400, "phase", "unknown phase");
        assertProblem(http.put("/migrations/b2/phase", "{\"phase\":3}"), 400, "phase", "non-empty string");
        assertProblem(http.put("/migrations/b2/phase", "{}"), 400, "phase", "required");
        assertProblem(http.put("/migrations/b2/phase", "{\"phase\":\"off\",\"colour\":\"red\"}"), 400, "colour",
                "unknown field");
        assertProblem(http.put("/migrations/b2/phase", "{\"phase\":\"off\",\"version\":\"x\"}"), 400, "version", "");
        assertProblem(http.send("PUT", "/migrations/b2/phase", "{\"phase\":\"off\"}", "application/json", TOKEN,
                "If-Match", "yesterday"), 400, "If-Match", "version number");
        assertProblem(http.put("/migrations/b2/read-percent", "{\"percent\":150}"), 400, "percent", "between 0");
        assertProblem(http.put("/migrations/b2/compare-percent", "{\"percent\":\"ten\"}"), 400, "percent", "number");
        assertProblem(http.put("/migrations/b2/thresholds", "{\"maxErrorRate\":5}"), 400, "maxErrorRate", "0..1");
        assertProblem(http.put("/migrations/b2/thresholds", "{\"windowSeconds\":0}"), 400, "windowSeconds", "");
        assertProblem(http.put("/migrations/b2/thresholds", "{\"maxReplicaLagMillis\":-1}"), 400,
                "maxReplicaLagMillis", ">= 0");
        assertProblem(http.put("/migrations/b2/thresholds", "{\"maxReplicaLagMillis\":\"5s\"}"), 400,
                "maxReplicaLagMillis", "integer");
        assertTrue(http.get("/migrations/b2/breaker").json().path("breaker").path("replicas").isArray(),
                "the breaker shows the watched replicas (none here)");
        assertProblem(http.post("/migrations/b2/breaker/trip", "{}"), 400, "reason", "required");
        http.put("/migrations/b2/phase", "{\"phase\":\"dual-write\"}");
        http.put("/migrations/b2/phase", "{\"phase\":\"shadow\"}");
        http.put("/migrations/b2/phase", "{\"phase\":\"live\"}");
        assertProblem(http.post("/migrations/b2/ramp/start", "{\"steps\":[5,1]}"), 400, "steps", "must increase");
        assertProblem(http.post("/migrations/b2/ramp/start", "{\"steps\":[5,\"x\"]}"), 400, "steps[1]", "number");
        assertProblem(http.post("/migrations/b2/ramp/start", "{\"dwellSeconds\":-1}"), 400, "dwellSeconds", "");
        assertProblem(http.get("/audit?limit=0"), 400, "limit", "1..10000");
        assertProblem(http.put("/migrations/b2/spec", SPEC.replace("m1", "other")), 400, "id", "differs from the id");
    }

    @Test
    void unknownMigrationsAndRoutesAre404AndWrongMethods405() {
        assertProblem(http.get("/migrations/ghost"), 404, null, "no migration with id 'ghost'");
        assertProblem(http.put("/migrations/ghost/phase", "{\"phase\":\"live\"}"), 404, null, "ghost");
        assertProblem(http.get("/nothing-here"), 404, null, "no such endpoint");
        assertProblem(http.send("DELETE", "/migrations", null, null, TOKEN), 405, null, "[GET, POST]");
    }

    @Test
    void figuresCompareEvidenceUntranslatableAndMetricsShowWhatTheProxyFed() {
        http.post("/migrations", SPEC.replace("m1", "f1"));
        http.put("/migrations/f1/phase", "{\"phase\":\"dual-write\"}");
        http.put("/migrations/f1/phase", "{\"phase\":\"shadow\"}");
        var state = runtime.control().get("f1");
        runtime.breakers().window(state).recordStatement(Shape.OLD, 1200, false);
        runtime.breakers().window(state).recordStatement(Shape.NEW, 1500, true);
        runtime.evidence().recordMatch("f1");
        runtime.evidence().recordClearedOnRecheck("f1");
        runtime.evidence().recordConfirmed(new CompareEvidence("f1", Instant.now(), "SELECT * FROM users WHERE id = ?",
                "SELECT * FROM users WHERE id = $1", List.of("<redacted>"), Phase.SHADOW, 0, List.of("(1,Ada)"),
                List.of("(1,Eve)"), "column full_name differs"));
        runtime.untranslatable().record("fp-1", "SELECT name FROM users FOR UPDATE SKIP LOCKED", "locking clause");
        runtime.untranslatable().record("fp-1", "SELECT name FROM users FOR UPDATE SKIP LOCKED", "locking clause");
        runtime.metrics().recordStatement("f1", Shape.NEW, 1500, true);

        JsonNode figures = http.get("/migrations/f1/figures").json().path("figures");
        assertEquals(1, figures.path("oldStatements").asInt());
        assertEquals(1, figures.path("newErrors").asInt());
        assertEquals(1, http.get("/migrations/f1").json().path("figures").path("newStatements").asInt());
        JsonNode compare = http.get("/migrations/f1/compare").json();
        assertEquals(3, compare.path("compared").asInt());
        assertEquals(1, compare.path("clearedOnRecheck").asInt());
        assertEquals(1, compare.path("confirmed").asInt());
        JsonNode ev = http.get("/migrations/f1/evidence").json().path("evidence");
        assertEquals(1, ev.size());
        assertEquals("(1,Eve)", ev.get(0).path("newRows").get(0).asText());
        assertEquals("shadow", ev.get(0).path("phase").asText());
        JsonNode un = http.get("/untranslatable").json();
        assertEquals(2, un.path("total").asInt());
        assertEquals("locking clause", un.path("fingerprints").get(0).path("reason").asText());

        String metrics = http.send("GET", "/metrics", null, null, null).text();
        for (String line : new String[] {"turnout_migration_phase{migration=\"f1\"} 2.0",
                "turnout_migration_breaker_tripped{migration=\"f1\"} 0.0",
                "turnout_window_statements{migration=\"f1\",path=\"old\"} 1.0",
                "turnout_compare_reads{migration=\"f1\",result=\"confirmed\"} 1.0",
                "turnout_statement_errors_total{migration=\"f1\",path=\"new\"} 1.0",
                "turnout_untranslatable_statements 2.0"}) {
            assertTrue(metrics.contains(line), line + " missing from\n" + metrics);
        }
        assertTrue(metrics.contains("turnout_statement_seconds_bucket{migration=\"f1\",path=\"new\""), metrics);
    }

    @Test
    void aRestartedRuntimeOnTheSameDatabaseServesTheSameState() {
        AdminConfig cfg = new AdminConfig(new HostPort("127.0.0.1", 0), TOKEN, "restart-a", store);
        JsonNode before;
        JsonNode auditBefore;
        try (AdminRuntime a = AdminRuntime.start(cfg, Clock.systemUTC())) {
            Http ha = new Http(a.url(), TOKEN);
            ha.post("/migrations", SPEC.replace("m1", "r1"));
            ha.put("/migrations/r1/phase", "{\"phase\":\"dual-write\"}");
            ha.put("/migrations/r1/phase", "{\"phase\":\"shadow\"}");
            ha.put("/migrations/r1/compare-percent", "{\"percent\":33.5}");
            ha.put("/migrations/r1/phase", "{\"phase\":\"live\"}");
            ha.post("/migrations/r1/ramp/start", "{\"steps\":[2,20,100],\"dwellSeconds\":3600}");
            ha.post("/migrations/r1/breaker/trip", "{\"reason\":\"drill\"}");
            before = withoutFigures(ha.get("/migrations/r1").json());
            auditBefore = ha.get("/migrations/r1/audit").json();
        }
        try (AdminRuntime b = AdminRuntime.start(cfg, Clock.systemUTC())) {
            Http hb = new Http(b.url(), TOKEN);
            assertEquals(before, withoutFigures(hb.get("/migrations/r1").json()));
            assertEquals(auditBefore, hb.get("/migrations/r1/audit").json());
            assertEquals(200, hb.post("/migrations/r1/breaker/rearm", null).status());
        }
    }

    static JsonNode withoutFigures(JsonNode n) {
        ObjectNode copy = n.deepCopy();
        copy.remove("figures");
        assertNotNull(copy.get("version"));
        return copy;
    }
}
