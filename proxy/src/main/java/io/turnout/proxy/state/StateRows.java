package io.turnout.proxy.state;

import io.turnout.proxy.control.AuditEvent;
import io.turnout.proxy.control.MigrationState;
import io.turnout.routing.model.Phase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the state store: one row per migration in {@code migration_state}, one per change in {@code audit_event}. */
final class StateRows {

    private static final String STATE_COLUMNS = "id, spec, phase, read_percent, compare_percent, ramp, breaker, "
            + "thresholds, version, updated_at, updated_by";
    private static final String EVENT_COLUMNS = "id, migration_id, happened_at, actor, action, from_value, to_value, "
            + "reason, version, origin";

    private final String schema;
    private final StateCodec codec;

    StateRows(String schema, StateCodec codec) {
        this.schema = schema;
        this.codec = codec;
    }

    void insertState(Connection c, MigrationState s, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".migration_state ("
                + STATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindState(ps, s, actor, 1);
            ps.executeUpdate();
        }
    }

    /** @return false when the stored version is not {@code expectedVersion} (someone else changed it) */
    boolean updateState(Connection c, MigrationState s, String actor, long expectedVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".migration_state SET id = ?, spec = ?, "
                + "phase = ?, read_percent = ?, compare_percent = ?, ramp = ?, breaker = ?, thresholds = ?, "
                + "version = ?, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?")) {
            bindState(ps, s, actor, 1);
            ps.setString(12, s.id());
            ps.setLong(13, expectedVersion);
            return ps.executeUpdate() == 1;
        }
    }

    private void bindState(PreparedStatement ps, MigrationState s, String actor, int at) throws SQLException {
        ps.setString(at, s.id());
        ps.setString(at + 1, codec.write(codec.spec(s.spec())));
        ps.setString(at + 2, s.phase().wireName());
        ps.setDouble(at + 3, s.readPercent());
        ps.setDouble(at + 4, s.comparePercent());
        ps.setString(at + 5, codec.write(codec.ramp(s.ramp())));
        ps.setString(at + 6, codec.write(codec.breaker(s.breaker())));
        ps.setString(at + 7, codec.write(codec.thresholds(s.thresholds())));
        ps.setLong(at + 8, s.version());
        ps.setString(at + 9, s.updatedAt().toString());
        ps.setString(at + 10, actor);
    }

    void insertEvent(Connection c, AuditEvent e, long version, String origin, String instance) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".audit_event (migration_id, "
                + "happened_at, actor, action, from_value, to_value, reason, version, origin, instance) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.migrationId());
            ps.setString(2, e.at().toString());
            ps.setString(3, e.actor());
            ps.setString(4, e.action());
            ps.setString(5, e.from());
            ps.setString(6, e.to());
            ps.setString(7, e.reason());
            ps.setLong(8, version);
            ps.setString(9, origin);
            ps.setString(10, instance);
            ps.executeUpdate();
        }
    }

    /** Every migration's version, by id. */
    Map<String, Long> versions(Connection c) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, version FROM " + schema + ".migration_state")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    List<MigrationState> states(Connection c, String onlyId) throws SQLException {
        List<MigrationState> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + STATE_COLUMNS + " FROM " + schema
                + ".migration_state" + (onlyId == null ? " ORDER BY id" : " WHERE id = ?"))) {
            if (onlyId != null) {
                ps.setString(1, onlyId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(state(rs));
                }
            }
        }
        return out;
    }

    private MigrationState state(ResultSet rs) throws SQLException {
        try {
            Phase phase = Phase.parse(rs.getString("phase"));
            return new MigrationState(codec.spec(codec.read(rs.getString("spec"))).withPhase(phase), phase,
                    rs.getDouble("read_percent"), rs.getDouble("compare_percent"),
                    codec.breaker(codec.read(rs.getString("breaker"))), codec.ramp(codec.read(rs.getString("ramp"))),
                    codec.thresholds(codec.read(rs.getString("thresholds"))), rs.getLong("version"),
                    Instant.parse(rs.getString("updated_at")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new SQLException("stored state of migration '" + rs.getString("id") + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** Audit rows with a key above {@code afterId}, oldest first, at most {@code limit}. */
    List<StoredEvent> events(Connection c, long afterId, int limit) throws SQLException {
        List<StoredEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM " + schema
                + ".audit_event WHERE id > ? ORDER BY id LIMIT " + limit)) {
            // LIMIT, not setMaxRows: Connector/J sends SET SQL_SELECT_LIMIT before and after (4 polls a second)
            ps.setLong(1, afterId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredEvent(rs.getLong("id"), rs.getString("origin"), rs.getLong("version"),
                            new AuditEvent(Instant.parse(rs.getString("happened_at")), rs.getString("actor"),
                                    rs.getString("migration_id"), rs.getString("action"), rs.getString("from_value"),
                                    rs.getString("to_value"), rs.getString("reason"))));
                }
            }
        }
        return out;
    }

    /** The newest audit key, or 0. */
    long lastEventId(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(id) FROM " + schema + ".audit_event")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
