package io.turnout.proxy.control;

import io.turnout.routing.model.MigrationSet;

import java.util.Map;

/**
 * What the wire path reads: an immutable picture of every migration, swapped atomically on each change, so a session
 * never sees half of an update and never takes a lock.
 */
public record ControlSnapshot(long version, Map<String, MigrationState> byId, MigrationSet migrationSet) {

    public static final ControlSnapshot EMPTY = new ControlSnapshot(0, Map.of(), new MigrationSet(0, java.util.List.of()));

    public ControlSnapshot {
        byId = Map.copyOf(byId);
    }
}
