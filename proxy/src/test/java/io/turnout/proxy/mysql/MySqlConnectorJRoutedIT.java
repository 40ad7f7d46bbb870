package io.turnout.proxy.mysql;

import io.turnout.proxy.route.PlannedSql;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;
import io.turnout.routing.model.Shape;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Connector/J test of {@link MySqlConnectorJIT} again on a routed listener whose planner plans every statement
 * as itself: each COM_QUERY is re-sent by the proxy, each prepared statement tracked and each reply followed by the
 * reply queue (large results, LOCAL INFILE, blobs, multiple results, KILL) — the client must not tell.
 */
class MySqlConnectorJRoutedIT extends MySqlConnectorJIT {

    static final AtomicLong PLANNED = new AtomicLong();

    @BeforeAll
    static void start() throws Exception {
        StatementPlanner identity = new StatementPlanner() {
            @Override
            public StatementPlan plan(String sql, io.turnout.proxy.route.SessionView session) {
                PLANNED.incrementAndGet();
                return new StatementPlan(List.of(new PlannedSql(sql, 0, true)), "identity", Shape.OLD, false);
            }
        };
        if (db != null) {
            db.close(); // the plain listener of the superclass's own set-up, when JUnit ran it first
        }
        open(new ProxiedMariaDb("connectorj routed", s -> s, identity));
        assertTrue(PLANNED.get() > 0, "the session's statements went through the planner");
    }

    /** Not run again here (no @Test): the cursor test already streams a million rows through the reply follower. */
    @Override
    void streamingResultOverAMillionRows() {
    }
}
