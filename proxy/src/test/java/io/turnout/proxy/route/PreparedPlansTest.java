package io.turnout.proxy.route;

import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A prepared statement's plans are made once per control snapshot and shared by its executions, except a read
 * sampled for compare, which carries its own request; any change of the migrations in force makes them anew.
 */
class PreparedPlansTest {

    private final ControlPlane control = new ControlPlane(Clock.systemUTC());
    private final MigrationPlanner planner = new MigrationPlanner(Dialect.POSTGRES, control,
            new BreakerLoop(control, Clock.systemUTC()), PlannerHooks.NONE);
    private final SessionView session = new SessionView(7, false, null);

    private void migration(Phase... phases) {
        control.create(new MigrationSpec("m1", MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null,
                null, null, null, null, null, null, null), null, "test", null);
        for (Phase p : phases) {
            control.setPhase("m1", p, null, "test", null);
        }
    }

    private static String sql(StatementPlan plan) {
        return plan.firstVisible().sql();
    }

    @Test
    void aWritePlanIsSharedUntilThePhaseChanges() {
        migration(Phase.DUAL_WRITE);
        PreparedSql update = new PreparedSql("UPDATE users SET name = $1 WHERE id = $2");
        StatementPlan first = planner.plan(update, session);
        assertSame(first, planner.plan(update, session), "same snapshot: the same plan");
        assertTrue(sql(first).contains("full_name"), "dual write: " + sql(first));
        assertTrue(sql(first).contains("name ="), "dual write: " + sql(first));

        control.setPhase("m1", Phase.SHADOW, null, "test", null);
        control.setPhase("m1", Phase.LIVE, null, "test", null);
        control.setReadPercent("m1", 100, null, "test", null);
        for (Phase p : List.of(Phase.RAMPDOWN, Phase.COMPLETE)) {
            control.setPhase("m1", p, null, "test", null);
        }
        StatementPlan complete = planner.plan(update, session);
        assertNotSame(first, complete);
        assertEquals(Shape.NEW, complete.path());
        assertSame(complete, planner.plan(update, session));
    }

    @Test
    void readPlansAreSharedPerShapeAndASampledReadHasItsOwn() {
        migration(Phase.DUAL_WRITE, Phase.SHADOW, Phase.LIVE);
        PreparedSql read = new PreparedSql("SELECT name FROM users WHERE id = $1");
        StatementPlan old = planner.plan(read, session);
        assertEquals(Shape.OLD, old.path(), "live at 0%: the old shape");
        assertSame(old, planner.plan(read, session));

        control.setReadPercent("m1", 100, null, "test", null);
        StatementPlan fresh = planner.plan(read, session);
        assertEquals(Shape.NEW, fresh.path(), "a new snapshot: the new percentage holds at once");
        assertTrue(sql(fresh).contains("full_name"), sql(fresh));
        assertSame(fresh, planner.plan(read, session));

        control.setComparePercent("m1", 100, null, "test", null);
        StatementPlan sampled = planner.plan(read, session);
        StatementPlan again = planner.plan(read, session);
        assertNotNull(sampled.compare(), "every read sampled at 100%");
        assertNotSame(sampled, again, "a compare request belongs to one execution");
        assertNotSame(sampled.compare(), again.compare());
    }
}
