package io.turnout.proxy.compare;

import io.turnout.routing.sql.Dialect;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SideReadsTest {

    @Test
    void finalSemicolonsAndTheCommentsAfterThemAreLeftOut() {
        for (Dialect d : Dialect.values()) {
            assertEquals("SELECT a FROM t WHERE k = $1", SideReads.withoutFinalSemicolons(d,
                    "SELECT a FROM t WHERE k = $1;"));
            assertEquals("SELECT a FROM t ", SideReads.withoutFinalSemicolons(d, "SELECT a FROM t ;; -- end\n"));
            assertEquals("SELECT a FROM t", SideReads.withoutFinalSemicolons(d, "SELECT a FROM t; /* c */ ;"));
        }
    }

    @Test
    void aSemicolonThatDoesNotEndTheTextStays() {
        for (Dialect d : Dialect.values()) {
            for (String sql : new String[] {"SELECT ';' FROM t", "SELECT 1; SELECT 2", "SELECT 1 /* ; */",
                    "SELECT 1 -- ;\n", "SELECT a FROM t"}) {
                assertSame(sql, SideReads.withoutFinalSemicolons(d, sql), sql);
            }
        }
    }
}
