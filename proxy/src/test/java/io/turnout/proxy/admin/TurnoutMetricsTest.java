package io.turnout.proxy.admin;

import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Shape;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnoutMetricsTest {

    private static MigrationSpec rename(String id) {
        return new MigrationSpec(id, MigrationKind.RENAME_COLUMN, "users", "name", "full_name", null, null, null, null,
                null, null, null, null, null);
    }

    private static String count(String id, String path, String value) {
        return "turnout_statement_seconds_count{migration=\"" + id + "\",path=\"" + path + "\"} " + value;
    }

    @Test
    void statementMetersExistBeforeTheFirstStatementForMigrationsLoadedOrCreatedHere() {
        Clock clock = Clock.systemUTC();
        ControlPlane control = new ControlPlane(clock);
        control.create(rename("loaded"), null, "test", null);
        TurnoutMetrics metrics = new TurnoutMetrics(control, new BreakerLoop(control, clock), new EvidenceLog(10),
                new UntranslatableLog(clock, 10));
        control.create(rename("created"), null, "test", null);

        String before = metrics.scrape();
        for (String id : new String[] {"loaded", "created"}) {
            assertTrue(before.contains(count(id, "old", "0")), before);
            assertTrue(before.contains(count(id, "new", "0")), before);
        }

        metrics.recordStatement("created", Shape.NEW, 250, false);
        metrics.recordStatement("created", Shape.NEW, 750, true);
        String after = metrics.scrape();
        assertTrue(after.contains(count("created", "new", "2")), after);
        assertTrue(after.contains(count("created", "old", "0")), after);
        assertTrue(after.contains("turnout_statement_errors_total{migration=\"created\",path=\"new\"} 1.0"), after);
        assertFalse(after.contains("migration=\"unknown\""), after);
    }
}
