package io.turnout.proxy.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

import static io.turnout.proxy.cli.MigrationsCommand.call;

/**
 * The run-time knobs as {@code turnout migrations} sub-commands: without a value they show it, with one they set it.
 * Every change takes {@code --reason} for the audit log and {@code --expect-version} (409 when the migration changed
 * since).
 */
final class KnobCommands {

    /** Adds every knob command to {@code turnout migrations}. */
    static void addTo(CommandLine migrations) {
        for (java.lang.reflect.Method m : CommandLine.getCommandMethods(KnobCommands.class, null)) {
            migrations.addSubcommand(new CommandLine(m));
        }
    }

    /** What every change sends besides its value. */
    static final class Change {
        @Option(names = "--reason", description = "why, for the audit log")
        String reason;

        @Option(names = "--expect-version", description = "refuse (409) unless the migration is at this version")
        Long version;

        ObjectNode body() {
            ObjectNode n = AdminClient.json().createObjectNode();
            if (reason != null) {
                n.put("reason", reason);
            }
            if (version != null) {
                n.put("version", version);
            }
            return n;
        }
    }

    @Command(name = "phase", description = "Show the phase, or move to PHASE (off, dual-write, shadow, live, "
            + "rampdown, complete).")
    static int phase(@Mixin AdminOptions o, @Mixin Change change, @Parameters(paramLabel = "ID") String id,
              @Parameters(paramLabel = "PHASE", arity = "0..1") String phase) {
        if (phase == null) {
            return call(o, c -> c.get("/migrations/" + id + "/phase"), r -> id + ": " + r.path("phase").asText()
                    + " (version " + r.path("version").asLong() + ")\n");
        }
        return call(o, c -> c.put("/migrations/" + id + "/phase", change.body().put("phase", phase)),
                MigrationsCommand::migrationLine);
    }

    @Command(name = "percent", description = "Show, or set, the share of reads served from the new shape (live).")
    static int percent(@Mixin AdminOptions o, @Mixin Change change, @Parameters(paramLabel = "ID") String id,
                @Parameters(paramLabel = "PERCENT", arity = "0..1") Double percent) {
        return percentKnob(o, change, id, "read-percent", percent);
    }

    @Command(name = "compare", description = "Show, or set, the share of reads compared with the other shape.")
    static int compare(@Mixin AdminOptions o, @Mixin Change change, @Parameters(paramLabel = "ID") String id,
                @Parameters(paramLabel = "PERCENT", arity = "0..1") Double percent) {
        return percentKnob(o, change, id, "compare-percent", percent);
    }

    private static int percentKnob(AdminOptions o, Change change, String id, String knob, Double percent) {
        if (percent == null) {
            return call(o, c -> c.get("/migrations/" + id + "/" + knob), r -> id + ": " + knob + " "
                    + TextTable.pct(r.path("percent")) + " (in force " + TextTable.pct(r.path("effectivePercent"))
                    + ", version " + r.path("version").asLong() + ")\n");
        }
        return call(o, c -> c.put("/migrations/" + id + "/" + knob, change.body().put("percent", percent)),
                MigrationsCommand::migrationLine);
    }

    @Command(name = "thresholds", description = "Show, or change, the breaker thresholds.")
    static int thresholds(@Mixin AdminOptions o, @Mixin Change change, @Parameters(paramLabel = "ID") String id,
                   @Option(names = "--max-error-rate", description = "fraction, 0.005 = 0.5%") Double errorRate,
                   @Option(names = "--max-p95-ratio", description = "1.10 = new p95 up to 10% above old") Double p95,
                   @Option(names = "--max-confirmed-diffs") Long diffs,
                   @Option(names = "--max-replica-lag-ms") Long lag,
                   @Option(names = "--window-seconds") Long window,
                   @Option(names = "--min-samples") Long samples) {
        ObjectNode body = change.body();
        putIf(body, "maxErrorRate", errorRate);
        putIf(body, "maxP95Ratio", p95);
        putIf(body, "maxConfirmedDiffs", diffs);
        putIf(body, "maxReplicaLagMillis", lag);
        putIf(body, "windowSeconds", window);
        putIf(body, "minSamples", samples);
        if (body.size() == (change.reason == null ? 0 : 1) + (change.version == null ? 0 : 1)) {
            return call(o, c -> c.get("/migrations/" + id + "/thresholds"), r -> TextTable.block(r));
        }
        return call(o, c -> c.put("/migrations/" + id + "/thresholds", body),
                r -> TextTable.block(r.path("thresholds")));
    }

    private static void putIf(ObjectNode n, String field, Number v) {
        if (v != null) {
            n.putPOJO(field, v);
        }
    }

    @Command(name = "breaker", description = "Show the breaker of a migration.")
    static int breaker(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id) {
        return call(o, c -> c.get("/migrations/" + id + "/breaker"), TextTable::block);
    }

    @Command(name = "trip", description = "Trip the breaker: reads back to the old shape, compare stops.")
    static int trip(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id,
             @Option(names = "--reason", required = true, description = "why, for the audit log") String reason) {
        return call(o, c -> c.post("/migrations/" + id + "/breaker/trip",
                AdminClient.json().createObjectNode().put("reason", reason)), MigrationsCommand::migrationLine);
    }

    @Command(name = "rearm", description = "Re-arm a tripped breaker (reads stay old until set again).")
    static int rearm(@Mixin AdminOptions o, @Mixin Change change, @Parameters(paramLabel = "ID") String id) {
        return call(o, c -> c.post("/migrations/" + id + "/breaker/rearm", change.body()),
                MigrationsCommand::migrationLine);
    }

    /** {@code turnout migrations ramp start|pause|resume|show ID}. */
    @Command(name = "ramp", description = "Read ramp schedules: start, pause, resume, show.",
            mixinStandardHelpOptions = true)
    static final class Ramp implements Runnable {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "start", description = "Start ramping reads (live only), each step held --dwell seconds.")
        int start(@Mixin AdminOptions o, @Mixin Change change, @Parameters(paramLabel = "ID") String id,
                  @Option(names = "--steps", split = ",", description = "percentages, e.g. 1,5,25,100")
                  List<Double> steps,
                  @Option(names = "--dwell", description = "seconds per step") Double dwell) {
            ObjectNode body = change.body();
            if (steps != null) {
                steps.forEach(body.putArray("steps")::add);
            }
            if (dwell != null) {
                body.put("dwellSeconds", dwell);
            }
            return call(o, c -> c.post("/migrations/" + id + "/ramp/start", body), MigrationsCommand::migrationLine);
        }

        @Command(name = "pause", description = "Pause the running ramp.")
        int pause(@Mixin AdminOptions o, @Mixin Change change, @Parameters(paramLabel = "ID") String id) {
            return call(o, c -> c.post("/migrations/" + id + "/ramp/pause", change.body()),
                    MigrationsCommand::migrationLine);
        }

        @Command(name = "resume", description = "Resume the paused ramp.")
        int resume(@Mixin AdminOptions o, @Mixin Change change, @Parameters(paramLabel = "ID") String id) {
            return call(o, c -> c.post("/migrations/" + id + "/ramp/resume", change.body()),
                    MigrationsCommand::migrationLine);
        }

        @Command(name = "show", description = "Show the ramp schedule and where it stands.")
        int show(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id) {
            return call(o, c -> c.get("/migrations/" + id + "/ramp"), TextTable::block);
        }
    }
}
