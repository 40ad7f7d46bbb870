package io.turnout.bench.translate;

import io.turnout.routing.cache.TranslationCache;
import io.turnout.routing.model.MigrationSet;
import io.turnout.routing.model.SpecLoader;
import io.turnout.routing.model.SpecValidationException;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.MigrationSetTranslator;
import io.turnout.routing.translate.Translation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the translator on the wire path: the fast path for a statement that touches no migration, a cache hit,
 * and a cache miss (Calcite parse + analysis + edits) per dialect.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TranslateBench {

    /** A typical 100-character (102) OLTP statement that touches no migrating table. */
    static final String UNTOUCHED_PG = "SELECT o.id, o.status, o.total FROM orders o WHERE o.user_id = $1 AND o.status"
            + " = $2 LIMIT 20 OFFSET $3";
    static final String UNTOUCHED_MY = "SELECT o.id, o.status, o.total FROM orders o WHERE o.user_id = ? AND o.status"
            + " = ? LIMIT 20 OFFSET ?";
    static final String TOUCHED_PG = "SELECT u.id, u.email, u.name FROM users u WHERE u.id = $1 AND u.name IS NOT NULL"
            + " ORDER BY u.id";
    static final String TOUCHED_MY = "SELECT `u`.`id`, `u`.`email`, `u`.`name` FROM `users` `u` WHERE `u`.`id` = ?"
            + " ORDER BY `u`.`id`";
    static final String WRITE_PG = "UPDATE users SET email = $1, name = $2 WHERE id = $3";
    static final String WRITE_MY = "UPDATE users SET email = ?, name = ? WHERE id = ?";

    @Param({"postgres", "mysql"})
    public String dialect;

    private MigrationSetTranslator translator;
    private TranslationCache cache;
    private String untouched;
    private String touched;
    private String write;

    @Setup
    public void setUp() throws SpecValidationException {
        MigrationSet set = new SpecLoader().parse("""
                version: 1
                migrations:
                  - {id: m1, kind: rename-column, table: users, column: name, to: full_name, phase: shadow}
                  - {id: m2, kind: replace-column, table: products, column: price, to: price_cents,
                     forward: round(price * 100), backward: price_cents / 100.0, phase: dual-write}
                """, "bench");
        Dialect d = Dialect.parse(dialect);
        translator = new MigrationSetTranslator(d, set);
        cache = new TranslationCache(10_000);
        untouched = d == Dialect.POSTGRES ? UNTOUCHED_PG : UNTOUCHED_MY;
        touched = d == Dialect.POSTGRES ? TOUCHED_PG : TOUCHED_MY;
        write = d == Dialect.POSTGRES ? WRITE_PG : WRITE_MY;
        cache.translate(translator, touched);
    }

    @Benchmark
    public Translation fastPathPassthrough() {
        return cache.translate(translator, untouched);
    }

    /** The lexer pass alone: does the statement mention a migrating table? */
    @Benchmark
    public boolean fastPathCheckOnly() {
        return translator.concerns(untouched);
    }

    @Benchmark
    public Translation cacheHit() {
        return cache.translate(translator, touched);
    }

    @Benchmark
    public Translation cacheMissRead() {
        return translator.translate(touched);
    }

    @Benchmark
    public Translation cacheMissWrite() {
        return translator.translate(write);
    }
}
