package io.turnout.proxy.pg;

import org.junit.jupiter.api.BeforeAll;

/**
 * The same bad clients against a listener with a planner, whose sessions walk the client stream message by message
 * ({@link PgClientFrames}) instead of relaying raw chunks: the same 08P01 errors, the bystander unharmed, nothing
 * leaked. The planner plans nothing; the framed path runs all the same.
 */
class PgBadInputPlannedIT extends PgBadInputIT {

    /** Hides the pass-through fixture of {@link PgBadInputIT#start()}. */
    @BeforeAll
    static void start() throws Exception {
        started(PgProxyFixture.startPlanned("bad_input_planned", PgProxyFixture.limits(MAX_MESSAGE, 100),
                (sql, session) -> null));
    }
}
