package io.turnout.routing.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.MigrationSetTranslator;
import io.turnout.routing.translate.Translation;

/**
 * Bounded cache of translations keyed by (dialect, migration-set version, SQL text). Statements the fast path
 * passes through are not cached: deciding that costs less than a lookup. A new set version never sees old entries;
 * they age out by size.
 */
public final class TranslationCache {

    record Key(Dialect dialect, long version, String sql) {
    }

    private final Cache<Key, Translation> cache;

    public TranslationCache(long maximumEntries) {
        this.cache = Caffeine.newBuilder().maximumSize(maximumEntries).recordStats().build();
    }

    public Translation translate(MigrationSetTranslator translator, String sql) {
        if (!translator.concerns(sql)) {
            return Translation.passthrough(sql);
        }
        return cache.get(new Key(translator.dialect(), translator.version(), sql), k -> translator.translate(sql));
    }

    public long hits() {
        return cache.stats().hitCount();
    }

    public long misses() {
        return cache.stats().missCount();
    }

    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Publishes size, hits, misses and evictions as {@code cache.*} meters tagged {@code cache=<name>}. */
    public void bindTo(MeterRegistry registry, String name) {
        CaffeineCacheMetrics.monitor(registry, cache, name);
    }
}
