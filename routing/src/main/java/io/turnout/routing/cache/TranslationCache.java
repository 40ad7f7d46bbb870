package io.turnout.routing.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.MigrationSetTranslator;
import io.turnout.routing.translate.Translation;
import io.turnout.routing.translate.Translator;

/**
 * Bounded cache of translations keyed by (dialect, migration-set version, SQL text) or (translator, SQL text). Statements the fast path
 * passes through are not cached: deciding that costs less than a lookup. A new set version never sees old entries;
 * they age out by size.
 */
public final class TranslationCache {

    /** What a cached translation depends on: the translator (or dialect + set version) and the SQL text. */
    record Key(Object scope, String sql) {
    }

    record SetScope(Dialect dialect, long version) {
    }

    private final Cache<Key, Translation> cache;

    public TranslationCache(long maximumEntries) {
        this.cache = Caffeine.newBuilder().maximumSize(maximumEntries).recordStats().build();
    }

    public Translation translate(MigrationSetTranslator translator, String sql) {
        if (!translator.concerns(sql)) {
            return Translation.passthrough(sql);
        }
        return cache.get(new Key(new SetScope(translator.dialect(), translator.version()), sql),
                k -> translator.translate(sql));
    }

    /**
     * The same for one migration's translator; entries are keyed by the translator instance, so a translator
     * rebuilt for a changed spec never sees the old entries (they age out by size).
     */
    public Translation translate(Translator translator, String sql) {
        if (!translator.concerns(sql)) {
            return Translation.passthrough(sql);
        }
        return cache.get(new Key(translator, sql), k -> translator.translate(sql));
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
