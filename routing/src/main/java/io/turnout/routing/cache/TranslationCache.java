package io.turnout.routing.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.MigrationSetTranslator;
import io.turnout.routing.translate.Translation;
import io.turnout.routing.translate.Translator;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Bounded cache of translations keyed by (dialect, migration-set version, SQL text) or (translator, SQL text).
 * Statements the fast path passes through are not cached: deciding that costs less than a lookup. A new set version
 * never sees old entries; they age out by size. Statements with inline values are keyed by their
 * {@link LiteralTemplate} instead, so that {@code WHERE id = 7} and {@code WHERE id = 8} share one translation.
 */
public final class TranslationCache {

    /** What a cached translation depends on: the translator (or dialect + set version) and the SQL text. */
    record Key(Object scope, String sql) {
    }

    record SetScope(Dialect dialect, long version) {
    }

    /** A template whose first statement did not translate like the template: its statements are cached by text. */
    private static final Object NOT_A_TEMPLATE = new Object();

    private final Cache<Key, Translation> cache;
    private final Cache<Key, Object> templates;
    private final LongAdder templateHits = new LongAdder();

    public TranslationCache(long maximumEntries) {
        this.cache = Caffeine.newBuilder().maximumSize(maximumEntries).recordStats().build();
        this.templates = Caffeine.newBuilder().maximumSize(maximumEntries).build();
    }

    public Translation translate(MigrationSetTranslator translator, String sql) {
        if (!translator.concerns(sql)) {
            return Translation.passthrough(sql);
        }
        return translate(new SetScope(translator.dialect(), translator.version()), translator.dialect(), sql,
                translator::translate);
    }

    /**
     * The same for one migration's translator; entries are keyed by the translator instance, so a translator
     * rebuilt for a changed spec never sees the old entries (they age out by size).
     */
    public Translation translate(Translator translator, String sql) {
        if (!translator.concerns(sql)) {
            return Translation.passthrough(sql);
        }
        return translate(translator, translator.dialect(), sql, translator::translate);
    }

    /**
     * By text first; then, for a statement with literals to take out, by its {@link LiteralTemplate}: the first
     * statement of a template is translated twice (its text and the template), and the template is used for every
     * later statement only if filling it reproduced the first one's translation exactly. Statements answered by a
     * template are not kept by text.
     */
    private Translation translate(Object scope, Dialect dialect, String sql, Function<String, Translation> translate) {
        Key exact = new Key(scope, sql);
        Translation cached = cache.getIfPresent(exact);
        if (cached != null) {
            return cached;
        }
        LiteralTemplate template = LiteralTemplate.of(dialect, sql);
        if (template != null) {
            Key key = new Key(scope, template.text());
            Object known = templates.getIfPresent(key);
            if (known instanceof TemplateTranslation t) {
                templateHits.increment();
                return t.fill(template.literals());
            }
            if (known == null) {
                Translation actual = translate.apply(sql);
                TemplateTranslation compiled = TemplateTranslation.compile(translate.apply(template.text()), dialect,
                        template.literals().size());
                TemplateTranslation verified = compiled == null ? null : compiled.verify(template.literals(), actual);
                templates.put(key, verified == null ? NOT_A_TEMPLATE : verified);
                if (verified != null) {
                    return actual;
                }
            }
        }
        Translation t = translate.apply(sql);
        cache.put(exact, t);
        return t;
    }

    /** Lookups answered without translating: by text, or by a verified literal template. */
    public long hits() {
        return cache.stats().hitCount() + templateHits.sum();
    }

    /** Lookups that translated. (Every template hit first missed by text: those are not counted here.) */
    public long misses() {
        return cache.stats().missCount() - templateHits.sum();
    }

    /** Lookups answered by filling a verified literal template. */
    public long templateHits() {
        return templateHits.sum();
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
