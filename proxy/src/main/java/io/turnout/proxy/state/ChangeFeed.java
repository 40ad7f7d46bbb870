package io.turnout.proxy.state;

import io.turnout.proxy.config.StateStoreConfig;
import io.turnout.proxy.control.AuditEvent;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.MigrationState;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Brings the changes other proxy instances wrote into this instance's control plane, well within a second: on
 * PostgreSQL a dedicated connection LISTENs for the NOTIFY each write sends (and polls every 2 s as a safety net), on
 * MySQL the version column is polled every {@value #POLL_MILLIS} ms.
 */
final class ChangeFeed implements AutoCloseable {

    static final long POLL_MILLIS = 250;
    private static final long SAFETY_POLL_MILLIS = 2_000;
    /**
     * Audit keys may commit out of order: while a key below the highest one seen is missing, the rows from the first
     * missing key on (at most this many below the highest) are read again and de-duplicated.
     */
    private static final long SLACK = 64;

    private final StoreDialect dialect;
    private final StateStoreConfig config;
    private final DataSource pool;
    private final StateRows rows;
    private final ControlPlane control;
    private final String origin;
    private final Set<Long> seen = new HashSet<>();
    private final Object signal = new Object();
    private long maxSeen;
    /** Every key up to this one has been seen (or lies more than {@link #SLACK} below {@link #maxSeen}). */
    private long seenUpTo;
    private boolean wakeRequested;
    private volatile boolean running = true;
    private volatile long lastPollNanos = System.nanoTime();
    private final Thread thread;

    ChangeFeed(StoreDialect dialect, StateStoreConfig config, DataSource pool, StateRows rows, ControlPlane control,
               String origin, long restoredUpTo) {
        this.dialect = dialect;
        this.config = config;
        this.pool = pool;
        this.rows = rows;
        this.control = control;
        this.origin = origin;
        this.maxSeen = restoredUpTo;
        this.seenUpTo = restoredUpTo;
        this.thread = new Thread(this::run, "turnout-state-feed");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks for a poll now (after a lost race, so this instance catches up at once). */
    void wake() {
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    boolean healthy() {
        return System.nanoTime() - lastPollNanos < TimeUnit.SECONDS.toNanos(5);
    }

    private void run() {
        while (running) {
            try {
                if (dialect == StoreDialect.POSTGRES) {
                    listen();
                } else {
                    pollLoop();
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    System.err.println("turnout: state feed from " + config.url() + " failed (" + e.getMessage()
                            + "), reconnecting in 1 s");
                    pause(1_000);
                }
            }
        }
    }

    private void listen() throws SQLException {
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
             Statement st = c.createStatement()) {
            st.execute("LISTEN " + StoreDialect.CHANNEL);
            PGConnection pg = c.unwrap(PGConnection.class);
            poll();
            while (running) {
                PGNotification[] got = pg.getNotifications((int) POLL_MILLIS);
                boolean due = System.nanoTime() - lastPollNanos > TimeUnit.MILLISECONDS.toNanos(SAFETY_POLL_MILLIS);
                if ((got != null && got.length > 0) || takeWake() || due) {
                    poll();
                }
            }
        }
    }

    private void pollLoop() throws SQLException {
        while (running) {
            poll();
            synchronized (signal) {
                if (!wakeRequested && running) {
                    try {
                        signal.wait(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                wakeRequested = false;
            }
        }
    }

    private boolean takeWake() {
        synchronized (signal) {
            boolean w = wakeRequested;
            wakeRequested = false;
            return w;
        }
    }

    /** One round: new audit rows of other instances, and every stored state newer than the one held here. */
    void poll() throws SQLException {
        Map<String, List<AuditEvent>> foreign = new LinkedHashMap<>();
        Map<String, MigrationState> newer = new LinkedHashMap<>();
        try (Connection c = pool.getConnection()) {
            for (StoredEvent e : rows.events(c, readAfter(), 10_000)) {
                if (!seen.add(e.id())) {
                    continue;
                }
                maxSeen = Math.max(maxSeen, e.id());
                if (!e.origin().equals(origin)) {
                    foreign.computeIfAbsent(e.event().migrationId(), k -> new ArrayList<>()).add(e.event());
                }
            }
            seen.removeIf(id -> id <= maxSeen - SLACK);
            seenUpTo = Math.max(seenUpTo, maxSeen - SLACK);
            while (seenUpTo < maxSeen && seen.contains(seenUpTo + 1)) {
                seenUpTo++;
            }
            Map<String, MigrationState> held = control.snapshot().byId();
            for (Map.Entry<String, Long> v : rows.versions(c).entrySet()) {
                MigrationState h = held.get(v.getKey());
                if (h == null || h.version() < v.getValue()) {
                    rows.states(c, v.getKey()).forEach(s -> newer.put(s.id(), s));
                }
            }
        }
        Set<String> ids = new LinkedHashSet<>(newer.keySet());
        ids.addAll(foreign.keySet());
        for (String id : ids) {
            control.applyRemote(newer.get(id), foreign.getOrDefault(id, List.of()));
        }
        lastPollNanos = System.nanoTime();
    }

    /**
     * The key after which to read: the first key not yet seen, so that with no key missing a poll reads only rows
     * committed since the last one, and with one missing (a transaction that took its key earlier and commits later,
     * or one that rolled back) the rows from it on, as far as {@link #SLACK} below the highest key seen.
     */
    long readAfter() {
        return seenUpTo; // starts at the restored position and only grows
    }

    private void pause(long millis) {
        synchronized (signal) {
            try {
                signal.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
