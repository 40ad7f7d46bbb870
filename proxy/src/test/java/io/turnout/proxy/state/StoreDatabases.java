package io.turnout.proxy.state;

import io.turnout.proxy.config.StateStoreConfig;
import io.turnout.testkit.DatabaseHarness;
import io.turnout.testkit.DbEndpoint;
import io.turnout.testkit.Engine;

/** A fresh state-store location on the shared test server of an engine. */
public final class StoreDatabases {

    private StoreDatabases() {
    }

    /**
     * PostgreSQL: the {@code turnout} schema inside a fresh database. MySQL: the fresh database itself (its user may
     * not create other databases).
     */
    public static StateStoreConfig fresh(Engine engine, String hint) {
        DbEndpoint db = DatabaseHarness.of(engine).freshDatabase(hint);
        if (engine == Engine.POSTGRES) {
            return new StateStoreConfig(db.jdbcUrl(), db.user(), db.password(), "turnout");
        }
        return new StateStoreConfig(db.jdbcUrl("allowPublicKeyRetrieval=true&useSSL=false"), db.user(),
                db.password(), db.database());
    }
}
