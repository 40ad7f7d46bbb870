package io.turnout.proxy.route;

import io.turnout.routing.sql.Dialect;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerWarmupTest {

    @Test
    void everyKindOfPlanTheWireCodeHandlesIsMadeInBothDialects() {
        for (Dialect dialect : Dialect.values()) {
            PlannerWarmup.Result r = PlannerWarmup.run(dialect);
            // 4 migrations x 6 statements x 8 executions, plus the plain-text plans, less what a migration leaves alone
            assertTrue(r.plans() >= 100, dialect + ": " + r);
            assertTrue(r.newPath() > 0, dialect + " reads on the new shape: " + r);
            assertTrue(r.compared() > 0, dialect + " reads sampled for compare: " + r);
            assertTrue(r.hidden() > 0, dialect + " hidden dual writes: " + r);
            assertTrue(r.ahead() > 0 && r.ahead() < r.hidden(), dialect + " hidden writes ahead of the client's: " + r);
        }
    }
}
