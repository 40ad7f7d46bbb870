package io.turnout.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplicerTest {

    @Test
    void appliesSortedEditsAndCopiesTheGaps() throws Exception {
        String sql = "SELECT name FROM users";
        List<Edit> edits = List.of(Edit.insert(11, " AS name"), new Edit(7, 11, "full_name"),
                Edit.insert(0, "/* t */ "));
        assertEquals("/* t */ SELECT full_name AS name FROM users", Splicer.apply(sql, edits));
        assertEquals(sql, Splicer.apply(sql, List.of()));
    }

    @Test
    void insertionsAtOnePointKeepTheirOrder() throws Exception {
        assertEquals("ab12cd", Splicer.apply("abcd", List.of(Edit.insert(2, "1"), Edit.insert(2, "2"))));
    }

    @Test
    void overlappingEditsAreRefused() {
        UntranslatableException e = assertThrows(UntranslatableException.class,
                () -> Splicer.apply("SELECT name FROM users", List.of(new Edit(7, 11, "a"), new Edit(9, 13, "b"))));
        assertEquals(true, e.getMessage().contains("overlap"));
    }
}
