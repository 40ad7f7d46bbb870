package io.turnout.proxy.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.turnout.routing.model.MigrationSet;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.model.SpecLoader;
import io.turnout.routing.model.SpecValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives migrations from a file, without the admin API: applied at start-up and again whenever the file changes
 * (checked every second). The file is a migrations file of {@link SpecLoader} plus an optional {@code traffic}
 * section; each migration is created if new, its spec updated while it is off, its phase moved one step at a time
 * toward the file's (or straight back), and its percentages set.
 *
 * <pre>
 * migrations:
 *   - {id: m1, kind: rename-column, table: users, column: name, to: full_name, phase: live}
 * traffic:
 *   m1: {read-percent: 25, compare-percent: 10}
 * </pre>
 *
 * A change the control plane refuses (for example past a tripped breaker) is logged and kept in {@link #problems()};
 * the rest of the file still applies.
 */
public final class SpecFileSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpecFileSync.class);
    private static final String ACTOR = "spec-file";

    private final Path file;
    private final ControlPlane control;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final SpecLoader loader = new SpecLoader();
    private ScheduledExecutorService timer;
    private FileTime applied;
    private volatile List<String> problems = List.of();

    public SpecFileSync(Path file, ControlPlane control) {
        this.file = file;
        this.control = control;
    }

    /** Applies the file now, then watches it. */
    public SpecFileSync start() {
        applyIfChanged();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "turnout-spec-file");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::applyIfChanged, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    public List<String> problems() {
        return problems;
    }

    synchronized void applyIfChanged() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(applied)) {
                return;
            }
            applied = modified;
            problems = apply(Files.readString(file));
        } catch (SpecValidationException e) {
            problems = List.of(file + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            problems = List.of(file + ": " + e.getMessage());
        }
        problems.forEach(p -> LOG.warn("migrations file: {}", p));
    }

    /** Applies one version of the file; returns what could not be applied. */
    List<String> apply(String text) throws IOException, SpecValidationException {
        JsonNode root = yaml.readTree(text);
        JsonNode traffic = root instanceof ObjectNode o ? o.remove("traffic") : null;
        MigrationSet set = loader.parse(yaml.writeValueAsString(root), file.toString());
        List<String> out = new ArrayList<>();
        for (MigrationSpec spec : set.migrations()) {
            try {
                sync(spec, traffic == null ? null : traffic.get(spec.id()));
            } catch (ControlException e) {
                out.add(spec.id() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private void sync(MigrationSpec spec, JsonNode traffic) {
        Phase target = spec.phase();
        MigrationSpec shape = spec.withPhase(Phase.OFF);
        MigrationState cur = control.snapshot().byId().get(spec.id());
        if (cur == null) {
            cur = control.create(shape, null, ACTOR, "in " + file);
        } else if (!cur.spec().withPhase(Phase.OFF).equals(shape)) {
            cur = control.updateSpec(shape, null, null, ACTOR, "changed in " + file);
        }
        Double read = percent(traffic, "read-percent");
        Double compare = percent(traffic, "compare-percent");
        if (target.ordinal() < cur.phase().ordinal()) {
            cur = control.setPhase(spec.id(), target, null, ACTOR, "phase in " + file);
        }
        while (cur.phase().ordinal() < target.ordinal()) {
            Phase next = Phase.values()[cur.phase().ordinal() + 1];
            if (next == Phase.RAMPDOWN && cur.readPercent() < 100) {
                control.setReadPercent(spec.id(), 100, null, ACTOR, "rampdown in " + file + " needs 100% reads");
            }
            cur = control.setPhase(spec.id(), next, null, ACTOR, "phase in " + file);
        }
        if (compare != null && compare != cur.comparePercent()) {
            cur = control.setComparePercent(spec.id(), compare, null, ACTOR, "in " + file);
        }
        if (read != null && cur.phase() == Phase.LIVE && read != cur.readPercent()) {
            control.setReadPercent(spec.id(), read, null, ACTOR, "in " + file);
        }
    }

    private static Double percent(JsonNode traffic, String field) {
        if (traffic == null || !traffic.has(field)) {
            return null;
        }
        JsonNode v = traffic.get(field);
        if (!v.isNumber()) {
            throw ControlException.invalid("traffic." + field + ": must be a number 0..100, got '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
