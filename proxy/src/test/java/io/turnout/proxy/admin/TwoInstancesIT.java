package io.turnout.proxy.admin;

import io.turnout.proxy.config.AdminConfig;
import io.turnout.proxy.config.HostPort;
import io.turnout.proxy.config.StateStoreConfig;
import io.turnout.proxy.state.StoreDatabases;
import io.turnout.testkit.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two proxy instances' admin APIs sharing one database: changes cross within a second, races give one 409. */
class TwoInstancesIT {

    private static final String TOKEN = "two-instances-token";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aChangeOnOneInstanceIsInForceOnTheOtherWithinOneSecond(Engine engine) throws Exception {
        StateStoreConfig store = StoreDatabases.fresh(engine, "two_instances");
        try (AdminRuntime a = start(store, "a"); AdminRuntime b = start(store, "b")) {
            Http ha = new Http(a.url(), TOKEN);
            Http hb = new Http(b.url(), TOKEN);
            assertEquals(201, ha.post("/migrations", AdminApiIT.SPEC).status());
            within(() -> hb.get("/migrations/m1").status() == 200, "b serves m1");

            Http.Reply dw = hb.send("PUT", "/migrations/m1/phase", "{\"phase\":\"dual-write\"}", "application/json",
                    TOKEN, "If-Match", "\"1\"", "X-Turnout-Actor", "bob");
            assertEquals(200, dw.status(), dw.toString());
            within(() -> a.control().get("m1").phase().wireName().equals("dual-write"), "a in dual-write");
            within(() -> ha.get("/migrations/m1/audit").json().path("events").size() == 2, "a has b's event");
            assertEquals("bob", ha.get("/migrations/m1/audit").json().path("events").get(1).path("actor").asText());

            // two operators, one on each instance, both change version 2: exactly one wins, the other gets 409
            CyclicBarrier go = new CyclicBarrier(2);
            CompletableFuture<Http.Reply> fa = CompletableFuture.supplyAsync(() -> race(go,
                    () -> ha.put("/migrations/m1/compare-percent", "{\"percent\":10,\"version\":2}")));
            CompletableFuture<Http.Reply> fb = CompletableFuture.supplyAsync(() -> race(go,
                    () -> hb.put("/migrations/m1/compare-percent", "{\"percent\":20,\"version\":2}")));
            List<Http.Reply> replies = List.of(fa.get(), fb.get());
            assertEquals(1, replies.stream().filter(r -> r.status() == 200).count(), replies.toString());
            Http.Reply loser = replies.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
            assertEquals(409, loser.status(), loser.toString());
            double won = replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().json()
                    .path("comparePercent").asDouble();
            within(() -> a.control().get("m1").comparePercent() == won
                    && b.control().get("m1").comparePercent() == won, "both agree on the winner");
            assertEquals(a.control().get("m1"), b.control().get("m1"));
            assertEquals(3, b.control().get("m1").version());
        }
    }

    private static AdminRuntime start(StateStoreConfig store, String name) {
        return AdminRuntime.start(new AdminConfig(new HostPort("127.0.0.1", 0), TOKEN, name, store),
                Clock.systemUTC());
    }

    private static Http.Reply race(CyclicBarrier go, Supplier<Http.Reply> call) {
        try {
            go.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return call.get();
    }

    static void within(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (!condition.get()) {
            assertTrue(System.nanoTime() < deadline, "not within 1 s: " + what);
            Thread.sleep(10);
        }
    }
}
