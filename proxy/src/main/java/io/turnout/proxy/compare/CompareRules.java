package io.turnout.proxy.compare;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How compare mode judges two results.
 *
 * @param ignoreColumns    column labels (any case) left out of the comparison: volatile values such as now()
 * @param numericTolerance two numbers closer than this are equal (0: exact, after trailing zeros are dropped)
 * @param recheckDelay     wait before the one re-check of a mismatch (lets a concurrent write settle)
 * @param maxRows          a result with more rows on either side is not compared (counted as skipped)
 */
public record CompareRules(Set<String> ignoreColumns, double numericTolerance, Duration recheckDelay, int maxRows) {

    public static final CompareRules DEFAULTS = new CompareRules(Set.of(), 0, Duration.ofMillis(50), 100_000);

    public CompareRules {
        ignoreColumns = ignoreColumns.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    boolean ignores(String label) {
        return ignoreColumns.contains(label.toLowerCase(Locale.ROOT));
    }
}
