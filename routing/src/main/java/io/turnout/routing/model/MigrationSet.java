package io.turnout.routing.model;

import java.util.List;
import java.util.Optional;

/**
 * All migrations the proxy knows, with a version that changes whenever any of them changes (phase included), so
 * cached translations of an older set are never served.
 */
public record MigrationSet(long version, List<MigrationSpec> migrations) {

    public MigrationSet {
        migrations = List.copyOf(migrations);
    }

    public Optional<MigrationSpec> byId(String id) {
        return migrations.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** A new set with one migration moved to another phase and the version bumped. */
    public MigrationSet withPhase(String id, Phase phase) {
        return new MigrationSet(version + 1, migrations.stream()
                .map(m -> m.id().equals(id) ? m.withPhase(phase) : m).toList());
    }
}
