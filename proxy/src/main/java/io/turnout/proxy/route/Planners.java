package io.turnout.proxy.route;

import io.turnout.proxy.admin.AdminRuntime;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.Translation;

/** The planner a listener of a running proxy gets: migrations applied from the admin runtime's control plane. */
public final class Planners {

    private Planners() {
    }

    public static StatementPlanner forRuntime(Dialect dialect, AdminRuntime admin) {
        if (admin == null) {
            return StatementPlanner.PASS_THROUGH;
        }
        return new MigrationPlanner(dialect, admin.control(), admin.breakers(), (Translation t) ->
                admin.untranslatable().record(t.fingerprint() == null ? "" : t.fingerprint().hash(), t.original(),
                        t.reason()));
    }
}
