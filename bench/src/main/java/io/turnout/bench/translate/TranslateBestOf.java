package io.turnout.bench.translate;

import io.turnout.routing.model.MigrationSet;
import io.turnout.routing.model.SpecLoader;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.MigrationSetTranslator;

/**
 * A contention-resistant companion to {@link TranslateBench}: on a shared machine JMH averages include time the
 * benchmark thread spent descheduled, so this reports the best of ten timed batches per operation.
 */
public final class TranslateBestOf {

    private TranslateBestOf() {
    }

    public static void main(String[] args) throws Exception {
        MigrationSet set = new SpecLoader().parse("migrations: [{id: m1, kind: rename-column, table: users,"
                + " column: name, to: full_name, phase: shadow}]", "bench");
        for (Dialect d : Dialect.values()) {
            MigrationSetTranslator t = new MigrationSetTranslator(d, set);
            boolean pg = d == Dialect.POSTGRES;
            String read = pg ? TranslateBench.TOUCHED_PG : TranslateBench.TOUCHED_MY;
            String write = pg ? TranslateBench.WRITE_PG : TranslateBench.WRITE_MY;
            String untouched = pg ? TranslateBench.UNTOUCHED_PG : TranslateBench.UNTOUCHED_MY;
            for (int w = 0; w < 300; w++) {
                t.translate(read);
                t.translate(write);
            }
            long missRead = Long.MAX_VALUE;
            long missWrite = Long.MAX_VALUE;
            long fast = Long.MAX_VALUE;
            boolean sink = false;
            for (int r = 0; r < 10; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    sink ^= t.translate(read).newRead() == null;
                }
                missRead = Math.min(missRead, (System.nanoTime() - t0) / 100);
                t0 = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    sink ^= t.translate(write).dualWrite() == null;
                }
                missWrite = Math.min(missWrite, (System.nanoTime() - t0) / 100);
                t0 = System.nanoTime();
                for (int i = 0; i < 1_000_000; i++) {
                    sink ^= t.concerns(untouched);
                }
                fast = Math.min(fast, (System.nanoTime() - t0) / 1_000_000);
            }
            System.out.printf("%-8s fast path (%d chars, not parsed): %d ns   cache miss read: %d us   cache miss"
                    + " write: %d us%s%n", d, untouched.length(), fast, missRead / 1000, missWrite / 1000,
                    sink ? "" : " ");
        }
    }
}
