package io.turnout.routing.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.turnout.routing.model.MigrationSet;
import io.turnout.routing.model.SpecLoader;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.MigrationSetTranslator;
import io.turnout.routing.translate.Translation;
import io.turnout.routing.translate.Verdict;
import org.junit.jupiter.api.Test;

class TranslationCacheTest {

    @Test
    void hitsMissesVersionsAndMetrics() throws Exception {
        MigrationSet set = new SpecLoader().parse("""
                version: 1
                migrations:
                  - {id: m1, kind: rename-column, table: users, column: name, to: full_name, phase: shadow}
                  - {id: m3, kind: move-table, table: orders, to: orders_v2, phase: off}
                """, "t");
        TranslationCache cache = new TranslationCache(100);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        cache.bindTo(registry, "translations");
        MigrationSetTranslator v1 = new MigrationSetTranslator(Dialect.POSTGRES, set);
        String sql = "SELECT name FROM users WHERE id = $1";
        Translation first = cache.translate(v1, sql);
        assertSame(first, cache.translate(v1, sql));
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
        assertEquals(Verdict.PASSTHROUGH, cache.translate(v1, "SELECT 1 FROM orders").verdict());
        assertEquals(1, cache.misses(), "fast-path statements are not cached");
        MigrationSetTranslator v2 = new MigrationSetTranslator(Dialect.POSTGRES, set.withPhase("m1", io.turnout
                .routing.model.Phase.LIVE));
        cache.translate(v2, sql);
        assertEquals(2, cache.misses(), "a new set version is a new key");
        assertEquals(2, cache.size());
        assertEquals(1.0, registry.get("cache.gets").tag("result", "hit").functionCounter().count());
    }

    @Test
    void cachesPerTranslatorToo() throws Exception {
        MigrationSet set = new SpecLoader().parse(
                "migrations: [{id: m1, kind: rename-column, table: users, column: name, to: full_name}]", "t");
        io.turnout.routing.translate.Translator t = new io.turnout.routing.translate.Translator(Dialect.MYSQL,
                set.migrations().get(0));
        TranslationCache cache = new TranslationCache(10);
        Translation a = cache.translate(t, "SELECT name FROM users");
        assertSame(a, cache.translate(t, "SELECT name FROM users"));
        assertEquals(1, cache.hits());
        assertEquals(Verdict.PASSTHROUGH, cache.translate(t, "SELECT 1").verdict());
    }

    @Test
    void twoMigrationsInOneStatementAreRefused() throws Exception {
        MigrationSet set = new SpecLoader().parse("""
                migrations:
                  - {id: m1, kind: rename-column, table: users, column: name, to: full_name, phase: live}
                  - {id: m3, kind: move-table, table: orders, to: orders_v2, phase: live}
                """, "t");
        Translation t = new MigrationSetTranslator(Dialect.MYSQL, set)
                .translate("SELECT u.name FROM users u JOIN orders o ON o.user_id = u.id");
        assertEquals(Verdict.UNTRANSLATABLE, t.verdict());
    }
}
