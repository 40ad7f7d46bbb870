package io.turnout.proxy.admin;

import io.turnout.routing.translate.Translation;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Statements the translator could not handle (sent to the old path unchanged), counted per fingerprint with one
 * sample statement and the translator's reason. At most {@code maxFingerprints} are told apart; the rest are
 * counted under {@value #OTHER}.
 */
public final class UntranslatableLog {

    public static final String OTHER = "(other)";

    /** One fingerprint's count, sample and reason. */
    public record Entry(String fingerprint, long count, String sample, String reason, Instant firstSeen,
                        Instant lastSeen) {
    }

    private static final class Counter {
        final AtomicLong count = new AtomicLong();
        final String sample;
        final String reason;
        final Instant firstSeen;
        volatile Instant lastSeen;

        Counter(String sample, String reason, Instant now) {
            this.sample = sample;
            this.reason = reason;
            this.firstSeen = now;
            this.lastSeen = now;
        }
    }

    private final Clock clock;
    private final int maxFingerprints;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public UntranslatableLog(Clock clock, int maxFingerprints) {
        this.clock = clock;
        this.maxFingerprints = maxFingerprints;
    }

    /**
     * Counts one untranslatable statement as the translator reported it (pass this as the planner's
     * {@code onUntranslatable}): keyed by the fingerprint's hash, the first statement kept as the sample.
     */
    public void record(Translation t) {
        String key = t.fingerprint() == null ? "(no fingerprint)" : t.fingerprint().hash();
        record(key, t.original(), (t.migration() == null ? "" : t.migration() + ": ") + t.reason());
    }

    public void record(String fingerprint, String statement, String reason) {
        Instant now = clock.instant();
        String key = counters.containsKey(fingerprint) || counters.size() < maxFingerprints ? fingerprint : OTHER;
        Counter c = counters.computeIfAbsent(key, k -> new Counter(k.equals(OTHER) ? null : statement,
                k.equals(OTHER) ? "more than " + maxFingerprints + " fingerprints" : reason, now));
        c.count.incrementAndGet();
        c.lastSeen = now;
    }

    /** Every fingerprint, most frequent first. */
    public List<Entry> entries() {
        return counters.entrySet().stream()
                .map(e -> new Entry(e.getKey(), e.getValue().count.get(), e.getValue().sample, e.getValue().reason,
                        e.getValue().firstSeen, e.getValue().lastSeen))
                .sorted(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::fingerprint))
                .toList();
    }

    public long total() {
        return counters.values().stream().mapToLong(c -> c.count.get()).sum();
    }
}
