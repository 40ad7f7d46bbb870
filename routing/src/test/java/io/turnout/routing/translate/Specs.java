package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import java.util.List;
import java.util.Map;

/** The corpus migrations as Turnout specs, for unit tests. */
final class Specs {

    static final MigrationSpec RENAME = new MigrationSpec("m1", MigrationKind.RENAME_COLUMN, "users", "name",
            "full_name", null, null, null, null, null, null, null, null, Phase.DUAL_WRITE);
    static final MigrationSpec REPLACE_PG = new MigrationSpec("m2", MigrationKind.REPLACE_COLUMN, "products", "price",
            "price_cents", "round(price * 100)::bigint", "(price_cents / 100.0)::numeric(10,2)", "numeric(10,2)",
            null, null, null, null, null, Phase.DUAL_WRITE);
    static final MigrationSpec MOVE = new MigrationSpec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2",
            null, null, null, Map.of("total", "total_amount"), null, null, null, null, Phase.DUAL_WRITE);
    static final MigrationSpec SPLIT = new MigrationSpec("m4", MigrationKind.SPLIT_TABLE, "users", null,
            "user_profiles", null, null, null, null, List.of("bio", "avatar_url"), "id", "user_id", null,
            Phase.DUAL_WRITE);

    private Specs() {
    }
}
