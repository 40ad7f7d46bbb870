package io.turnout.proxy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnout.proxy.config.AdminConfig;
import io.turnout.proxy.config.HostPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document served by the API lists exactly the routes the server serves. */
class OpenApiDocumentTest {

    private static AdminRuntime runtime;
    private static Http http;

    @BeforeAll
    static void start() {
        runtime = AdminRuntime.start(new AdminConfig(new HostPort("127.0.0.1", 0), "t0ken", "test", null),
                Clock.systemUTC());
        http = new Http(runtime.url(), "t0ken");
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static TreeSet<String> documented(JsonNode doc) {
        TreeSet<String> ops = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            for (String m : new String[] {"get", "put", "post", "delete", "patch"}) {
                if (p.getValue().has(m)) {
                    ops.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
                }
            }
        }
        return ops;
    }

    @Test
    void everyServedRouteIsDocumentedAndViceVersa() {
        Http.Reply r = http.get("/openapi.json");
        assertEquals(200, r.status());
        assertTrue(r.json().path("openapi").asText().startsWith("3."), r.text());
        assertEquals(new TreeSet<>(runtime.server().routes()), documented(r.json()));
    }

    @Test
    void everyDocumentedOperationIsAnsweredByItsRouteNotByTheFallback() {
        JsonNode doc = http.get("/openapi.json").json();
        for (String op : documented(doc)) {
            String[] mp = op.split(" ", 2);
            Http.Reply r = http.send(mp[0], mp[1].replace("{id}", "nope"), mp[0].equals("GET") ? null : "{}",
                    "application/json", "t0ken");
            assertNotEquals(405, r.status(), op + " -> " + r);
            assertTrue(r.status() != 404 || r.text().contains("no migration with id 'nope'"), op + " -> " + r);
        }
    }

    @Test
    void everyReferenceInTheDocumentResolves() {
        JsonNode doc = http.get("/openapi.json").json();
        checkRefs(doc, doc);
    }

    private static void checkRefs(JsonNode doc, JsonNode n) {
        if (n.isObject()) {
            JsonNode ref = n.get("$ref");
            if (ref != null) {
                assertTrue(!doc.at(ref.asText().substring(1)).isMissingNode(), "unresolved " + ref.asText());
            }
            n.elements().forEachRemaining(c -> checkRefs(doc, c));
        } else if (n.isArray()) {
            n.elements().forEachRemaining(c -> checkRefs(doc, c));
        }
    }
}
