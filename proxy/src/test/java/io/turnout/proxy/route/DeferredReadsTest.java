package io.turnout.proxy.route;

import io.turnout.routing.model.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeferredReadsTest {

    /** What the planner under the session was told, in order. */
    private final List<String> told = new ArrayList<>();

    private final StatementPlanner recording = new StatementPlanner() {
        @Override
        public StatementPlan plan(String sql, SessionView session) {
            return null;
        }

        @Override
        public void completed(StatementPlan plan, long latencyMicros, boolean failed) {
            told.add(plan.firstVisible().sql() + "/" + latencyMicros + (failed ? "/failed" : ""));
        }

        @Override
        public void ready(char transactionStatus) {
            told.add("ready " + transactionStatus);
        }
    };

    private static StatementPlan read(String sql) {
        return new StatementPlan(List.of(new PlannedSql(sql, 0, true)), "m", Shape.NEW, false);
    }

    private static StatementPlan write(String sql) {
        return new StatementPlan(List.of(new PlannedSql(sql, 0, true)), "m", Shape.OLD, true);
    }

    @Test
    void readsAreToldAfterTheFlushInTheOrderTheyEnded() {
        DeferredReads reads = new DeferredReads(recording);
        reads.completed(read("r1"), 10, false);
        reads.completed(read("r2"), 20, true);
        assertEquals(List.of(), told);
        assertEquals(2, reads.kept());
        reads.afterFlush();
        assertEquals(List.of("r1/10", "r2/20/failed"), told);
        reads.afterFlush();
        assertEquals(2, told.size());
    }

    @Test
    void aWriteIsToldAtOnceAfterTheReadsBeforeIt() {
        DeferredReads reads = new DeferredReads(recording);
        reads.completed(read("r1"), 1, false);
        reads.completed(write("w1"), 2, false);
        assertEquals(List.of("r1/1", "w1/2"), told);
        reads.ready('I');
        reads.completed(read("r2"), 3, false);
        reads.afterFlush();
        assertEquals(List.of("r1/1", "w1/2", "ready I", "r2/3"), told);
    }

    @Test
    void aLongPipelineIsToldAsItGoesRatherThanKept() {
        DeferredReads reads = new DeferredReads(recording);
        int n = DeferredReads.MAX_KEPT * 3 + 5;
        for (int i = 0; i < n; i++) {
            reads.completed(read("r" + i), i, false);
        }
        assertEquals(5, reads.kept());
        assertEquals(DeferredReads.MAX_KEPT * 3, told.size());
        reads.afterFlush();
        assertEquals(n, told.size());
        for (int i = 0; i < n; i++) {
            assertEquals("r" + i + "/" + i, told.get(i));
        }
    }
}
