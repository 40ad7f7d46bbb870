package io.turnout.proxy.pg;

import io.turnout.proxy.route.PlannedSql;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.routing.model.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PgTransactionPathTest {

    private static StatementPlan read(Shape path) {
        return new StatementPlan(List.of(new PlannedSql("SELECT 1", 0, true)), "m1", path, false);
    }

    @Test
    void aPipelinedBeginOpensTheTransactionBeforeTheServerSaysSo() {
        PgTransactionPath t = new PgTransactionPath();
        assertFalse(t.view(7, (byte) 'I').inTransaction());
        t.sent("  begin isolation level serializable");
        assertTrue(t.view(7, (byte) 'I').inTransaction(), "BEGIN sent, its ReadyForQuery not back yet");
        t.planned(read(Shape.NEW), (byte) 'I');
        t.planned(read(Shape.OLD), (byte) 'I');
        assertEquals(Shape.NEW, t.view(7, (byte) 'I').transactionPath(), "the first planned statement decides");
        t.ready();
        assertEquals(Shape.NEW, t.view(7, (byte) 'T').transactionPath());
        assertNull(t.view(7, (byte) 'I').transactionPath(), "committed: the path is forgotten");
    }

    @Test
    void otherStatementsDoNotOpenOne() {
        PgTransactionPath t = new PgTransactionPath();
        t.sent("SELECT 'BEGIN'");
        t.sent("BEGINNING");
        t.sent("START WORK");
        assertFalse(t.view(7, (byte) 'I').inTransaction());
        t.sent("start  transaction read only");
        assertTrue(t.view(7, (byte) 'I').inTransaction());
    }
}
