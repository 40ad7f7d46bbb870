package io.turnout.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnout.routing.sql.Dialect;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The start-up warm-up goes through the translator's real work, not its fast path or its error path. */
class TranslatorWarmupTest {

    @Test
    void everyWarmUpStatementIsParsedAndTranslatedInBothDialects() {
        for (Dialect dialect : Dialect.values()) {
            List<Translation> out = TranslatorWarmup.run(dialect);
            int expected = TranslatorWarmup.specs().size() * TranslatorWarmup.statements(dialect).size();
            assertEquals(expected, out.size(), dialect.name());
            for (Translation t : out) {
                assertEquals(Verdict.TRANSLATED, t.verdict(), dialect + ": " + t.original() + " -> " + t.reason());
                assertNotNull(t.oldPath(), t.original());
            }
            Set<StatementKind> kinds = out.stream().map(Translation::kind).collect(Collectors.toSet());
            assertTrue(kinds.containsAll(Set.of(StatementKind.READ, StatementKind.WRITE)), kinds.toString());
            // the writes take the dual-write planner's path as well
            assertTrue(out.stream().filter(t -> t.kind() == StatementKind.WRITE).allMatch(t -> t.dualWrite() != null),
                    dialect.name());
        }
    }
}
