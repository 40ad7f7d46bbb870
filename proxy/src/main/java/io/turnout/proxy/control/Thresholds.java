package io.turnout.proxy.control;

import java.time.Duration;

/**
 * When the breaker trips: the runbook's SLOs are the defaults (errors at most 0.5%, p95 within 10% of the old path,
 * no confirmed diff). A path needs {@code minSamples} statements in the window before rates and percentiles count.
 *
 * @param maxErrorRate      new-path error rate above which reads flip back (0.005 = 0.5%)
 * @param maxP95Ratio       new-path p95 over old-path p95 above which reads flip back (1.10 = +10%)
 * @param maxConfirmedDiffs confirmed compare mismatches tolerated in the window
 * @param maxReplicaLag     lag of any watched replica above which reads flip back (zero: not checked); 5 s by
 *                          default, judged only when replicas are configured (see docs/notes/replicas.md)
 * @param window            length of the sliding window
 * @param minSamples        statements a path needs in the window before its figures are judged
 */
public record Thresholds(double maxErrorRate, double maxP95Ratio, long maxConfirmedDiffs, Duration maxReplicaLag,
                         Duration window, long minSamples) {

    public static final Thresholds DEFAULTS = new Thresholds(0.005, 1.10, 0, Duration.ofSeconds(5), Duration.ofSeconds(30),
            200);
}
