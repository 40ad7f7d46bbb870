package io.turnout.proxy.control;

import io.turnout.routing.model.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecFileSyncTest {

    @TempDir
    Path dir;

    private final ControlPlane control = new ControlPlane(new MutableClock());

    private SpecFileSync write(SpecFileSync sync, Path file, String text, int second) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_000 + second)));
        sync.applyIfChanged();
        return sync;
    }

    @Test
    void theFileDrivesPhasesAndPercentagesAndIsReappliedWhenItChanges() throws Exception {
        Path file = dir.resolve("migrations.yaml");
        SpecFileSync sync = new SpecFileSync(file, control);
        write(sync, file, """
                migrations:
                  - {id: m1, kind: rename-column, table: users, column: name, to: full_name, phase: live}
                traffic:
                  m1: {read-percent: 25, compare-percent: 10}
                """, 1);
        assertEquals(List.of(), sync.problems());
        MigrationState s = control.get("m1");
        assertEquals(Phase.LIVE, s.phase());
        assertEquals(25, s.readPercent());
        assertEquals(10, s.comparePercent());
        assertEquals(List.of("create", "set-phase", "set-phase", "set-phase", "set-compare-percent",
                "set-read-percent"), control.audit("m1").stream().map(AuditEvent::action).toList());
        assertTrue(control.audit("m1").stream().allMatch(e -> e.actor().equals("spec-file")));

        write(sync, file, """
                migrations:
                  - {id: m1, kind: rename-column, table: users, column: name, to: full_name, phase: shadow}
                """, 2);
        assertEquals(Phase.SHADOW, control.get("m1").phase(), "rolled back when the file says so");

        write(sync, file, """
                migrations:
                  - {id: m1, kind: rename-column, table: users, column: name, to: full_name, phase: complete}
                """, 3);
        assertEquals(Phase.COMPLETE, control.get("m1").phase(), "stepped forward, through 100% reads");
    }

    @Test
    void refusedChangesAreReportedAndTheRestStillApplies() throws Exception {
        Path file = dir.resolve("m.yaml");
        SpecFileSync sync = new SpecFileSync(file, control);
        write(sync, file, """
                migrations:
                  - {id: m1, kind: rename-column, table: users, column: name, to: full_name, phase: live}
                  - {id: m2, kind: rename-column, table: orders, column: total, to: amount, phase: dual-write}
                """, 1);
        control.trip("m1", "test", "breaker");
        write(sync, file, """
                migrations:
                  - {id: m1, kind: rename-column, table: users, column: name, to: full_name, phase: rampdown}
                  - {id: m2, kind: rename-column, table: orders, column: total, to: amount, phase: shadow}
                traffic:
                  m2: {compare-percent: lots}
                """, 2);
        assertEquals(2, sync.problems().size(), sync.problems().toString());
        assertTrue(sync.problems().get(0).startsWith("m1: "), sync.problems().get(0));
        assertTrue(sync.problems().get(1).contains("traffic.compare-percent"), sync.problems().get(1));
        assertEquals(Phase.LIVE, control.get("m1").phase());
        write(sync, file, "migrations: [{id: m3, kind: rename-column}]", 3);
        assertTrue(sync.problems().get(0).contains("m3") || sync.problems().get(0).contains("column"),
                sync.problems().toString());
    }
}
