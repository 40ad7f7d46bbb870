package io.turnout.proxy.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.turnout.proxy.config.StateStoreConfig;
import io.turnout.proxy.control.AuditEvent;
import io.turnout.proxy.control.ControlException;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.MigrationState;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Keeps every migration's state and the audit log in the database, so a restarted proxy resumes where it was and
 * several proxy instances in front of one database agree.
 *
 * <pre>
 *  admin call ─▶ ControlPlane.setPhase ─▶ CommitGuard = {@link #write}:  BEGIN
 *                                           UPDATE migration_state ... WHERE id = ? AND version = ?   (0 rows: 409)
 *                                           INSERT INTO audit_event ...; NOTIFY turnout_state (PostgreSQL)
 *                                         COMMIT ─▶ only now the change takes effect in memory
 *  other instance: {@link ChangeFeed} (LISTEN or a 250 ms poll) ─▶ ControlPlane.applyRemote
 * </pre>
 */
public final class StateStore implements AutoCloseable {

    private static final int RESTORED_EVENTS = 10_000;

    private final StateStoreConfig config;
    private final String instanceName;
    private final String origin = UUID.randomUUID().toString();
    private final StoreDialect dialect;
    private final HikariDataSource pool;
    private final StateRows rows;
    private ChangeFeed feed;

    private StateStore(StateStoreConfig config, String instanceName, HikariDataSource pool) {
        this.config = config;
        this.instanceName = instanceName;
        this.dialect = StoreDialect.of(config.url());
        this.pool = pool;
        this.rows = new StateRows(config.schema(), new StateCodec());
    }

    /** Connects (a small HikariCP pool of side connections) and creates the schema and tables when missing. */
    public static StateStore open(StateStoreConfig config, String instanceName) {
        if (!config.schema().matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("stateStore.schema: '" + config.schema()
                    + "' is not a plain identifier");
        }
        StoreDialect.of(config.url());
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.url());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(3);
        hc.setMinimumIdle(1);
        hc.setPoolName("turnout-state");
        hc.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        hc.setInitializationFailTimeout(Duration.ofSeconds(10).toMillis());
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StateStoreException("cannot connect to the state store " + config.url() + ": "
                    + e.getMessage(), e);
        }
        StateStore store = new StateStore(config, instanceName, pool);
        try {
            store.createTables();
        } catch (SQLException e) {
            pool.close();
            throw new StateStoreException("cannot create the state store tables in " + config.schema() + " ("
                    + config.url() + "): " + e.getMessage(), e);
        }
        return store;
    }

    private void createTables() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            for (String ddl : dialect.ddl(config.schema())) {
                st.execute(ddl);
            }
        }
    }

    /**
     * Loads the saved states and audit log into {@code control}, makes every later change of it go through the store,
     * and starts following the changes of other instances.
     */
    public void attach(ControlPlane control) {
        attach(control, true);
    }

    /** With {@code followOthers} false no change feed runs (tests use it to hold a stale view on purpose). */
    void attach(ControlPlane control, boolean followOthers) {
        long lastId;
        try (Connection c = pool.getConnection()) {
            lastId = rows.lastEventId(c);
            List<MigrationState> states = rows.states(c, null);
            List<AuditEvent> audit = rows.events(c, Math.max(0, lastId - RESTORED_EVENTS), RESTORED_EVENTS).stream()
                    .map(StoredEvent::event).toList();
            control.restore(states, audit);
        } catch (SQLException e) {
            throw new StateStoreException("cannot restore from the state store: " + e.getMessage(), e);
        }
        control.setCommitGuard(this::write);
        feed = new ChangeFeed(dialect, config, pool, rows, control, origin, lastId);
        if (followOthers) {
            feed.start();
        }
    }

    /** The commit guard: writes the change, or refuses it with 409 when another instance got there first. */
    private void write(MigrationState previous, ControlPlane.Change change) {
        MigrationState s = change.state();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (previous == null) {
                    rows.insertState(c, s, change.event().actor());
                } else if (!rows.updateState(c, s, change.event().actor(), previous.version())) {
                    c.rollback();
                    throw conflict(c, s.id(), previous.version());
                }
                rows.insertEvent(c, change.event(), s.version(), origin, instanceName);
                if (dialect == StoreDialect.POSTGRES) {
                    try (var ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                        ps.setString(1, StoreDialect.CHANNEL);
                        ps.setString(2, s.id());
                        ps.execute();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (previous == null && e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    feed.wake();
                    throw new ControlException(ControlException.Kind.CONFLICT, "a migration with id '" + s.id()
                            + "' was just created by another proxy instance; reload and retry");
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StateStoreException("the state store did not take the change (" + e.getMessage()
                    + "); nothing was changed, retry when the database is reachable", e);
        }
    }

    private ControlException conflict(Connection c, String id, long had) throws SQLException {
        feed.wake();
        List<MigrationState> stored = rows.states(c, id);
        String now = stored.isEmpty() ? "deleted" : "at version " + stored.get(0).version();
        return new ControlException(ControlException.Kind.CONFLICT, "migration '" + id + "' was changed by another "
                + "proxy instance meanwhile (this instance had version " + had + ", the store is " + now
                + "); reload and retry");
    }

    /** The change feed's position: the audit key after which its next poll reads (tests). */
    long feedReadsAfter() {
        return feed.readAfter();
    }

    /** True while the store answered its last poll. */
    public boolean healthy() {
        return feed != null && feed.healthy();
    }

    public String instanceName() {
        return instanceName;
    }

    public String description() {
        return config.url() + " (" + config.schema() + ")";
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        pool.close();
    }
}
