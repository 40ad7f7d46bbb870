package io.turnout.proxy.admin;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compare-mode statistics per migration and the evidence of the last confirmed mismatches, kept in a bounded ring
 * per migration (the oldest falls out). The compare code feeds it; the admin API and the metrics read it.
 */
public final class EvidenceLog {

    /** Compare counts of one migration since start. */
    public record Stats(long compared, long clearedOnRecheck, long confirmed) {
    }

    private static final class PerMigration {
        final AtomicLong compared = new AtomicLong();
        final AtomicLong cleared = new AtomicLong();
        final AtomicLong confirmed = new AtomicLong();
        final Deque<CompareEvidence> ring = new ArrayDeque<>();
    }

    private final int capacity;
    private final Map<String, PerMigration> byMigration = new ConcurrentHashMap<>();

    /** @param capacity evidence entries kept per migration */
    public EvidenceLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    private PerMigration of(String id) {
        return byMigration.computeIfAbsent(id, k -> new PerMigration());
    }

    /** One sampled read was compared and both sides agreed. */
    public void recordMatch(String migrationId) {
        of(migrationId).compared.incrementAndGet();
    }

    /** One sampled read differed at first but agreed on the re-check (a concurrent write, not a real diff). */
    public void recordClearedOnRecheck(String migrationId) {
        PerMigration m = of(migrationId);
        m.compared.incrementAndGet();
        m.cleared.incrementAndGet();
    }

    /** One sampled read still differed on the re-check. */
    public void recordConfirmed(CompareEvidence evidence) {
        PerMigration m = of(evidence.migrationId());
        m.compared.incrementAndGet();
        m.confirmed.incrementAndGet();
        synchronized (m.ring) {
            if (m.ring.size() == capacity) {
                m.ring.removeFirst();
            }
            m.ring.addLast(evidence);
        }
    }

    public Stats stats(String migrationId) {
        PerMigration m = byMigration.get(migrationId);
        return m == null ? new Stats(0, 0, 0) : new Stats(m.compared.get(), m.cleared.get(), m.confirmed.get());
    }

    /** The kept evidence of one migration, newest first. */
    public List<CompareEvidence> recent(String migrationId) {
        PerMigration m = byMigration.get(migrationId);
        if (m == null) {
            return List.of();
        }
        synchronized (m.ring) {
            List<CompareEvidence> out = new java.util.ArrayList<>(m.ring.size());
            m.ring.descendingIterator().forEachRemaining(out::add);
            return List.copyOf(out);
        }
    }
}
