package io.turnout.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Order, parameters and results of dual-write plans. */
class DualWritePlanTest {

    @Test
    void splitInsertTakesASubsetOfParametersRenumbered() {
        Translation pg = new Translator(Dialect.POSTGRES, Specs.SPLIT)
                .translate("INSERT INTO users (id, name, bio, avatar_url) VALUES ($1, $2, $3, $4)");
        PlannedStatement profile = pg.dualWrite().statements().get(1);
        assertEquals("INSERT INTO user_profiles (user_id, bio, avatar_url) VALUES ($1, $2, $3)", profile.sql());
        assertEquals(List.of(1, 3, 4), profile.params());
        assertFalse(profile.clientResult());
        Translation my = new Translator(Dialect.MYSQL, Specs.SPLIT)
                .translate("INSERT INTO users (id, name, avatar_url, bio) VALUES (?, ?, ?, ?), (?, ?, ?, ?)");
        PlannedStatement p = my.dualWrite().statements().get(1);
        assertEquals("INSERT INTO user_profiles (user_id, avatar_url, bio) VALUES (?, ?, ?), (?, ?, ?)", p.sql());
        assertEquals(List.of(1, 3, 4, 5, 7, 8), p.params());
    }

    @Test
    void splitInsertLeavingAMovedColumnOutCopiesTheOldRows() {
        // the old table's default for avatar_url (or a trigger) decides its value: the new row copies it
        Translation pg = new Translator(Dialect.POSTGRES, Specs.SPLIT)
                .translate("INSERT INTO users (id, name, bio) VALUES ($1, $2, $3)");
        PlannedStatement profile = pg.dualWrite().statements().get(1);
        assertEquals("INSERT INTO user_profiles (user_id, bio, avatar_url) SELECT users.id, users.bio,"
                + " users.avatar_url FROM users WHERE users.id IN ($1)", profile.sql());
        assertEquals(List.of(1), profile.params());
        assertFalse(profile.clientResult());
        Translation my = new Translator(Dialect.MYSQL, Specs.SPLIT)
                .translate("INSERT INTO users (id, name, bio) VALUES (?, ?, ?), (?, ?, ?)");
        PlannedStatement p = my.dualWrite().statements().get(1);
        assertEquals("INSERT INTO user_profiles (user_id, bio, avatar_url) SELECT users.id, users.bio,"
                + " users.avatar_url FROM users WHERE users.id IN (?, ?)", p.sql());
        assertEquals(List.of(1, 4), p.params());
    }

    @Test
    void childRowsAreDeletedBeforeTheParent() {
        Translation t = new Translator(Dialect.POSTGRES, Specs.SPLIT).translate("DELETE FROM users u WHERE u.id = $1");
        List<PlannedStatement> plan = t.dualWrite().statements();
        assertEquals("DELETE FROM user_profiles WHERE user_id IN (SELECT u.id FROM users u WHERE u.id = $1)",
                plan.get(0).sql());
        assertFalse(plan.get(0).clientResult());
        assertTrue(plan.get(1).clientResult());
        assertEquals("DELETE FROM users u WHERE u.id = $1", plan.get(1).sql());
    }

    @Test
    void mysqlSplitDeleteJoinsTheKeysSoItLocksOnlyTheRowsItRemoves() {
        Translation t = new Translator(Dialect.MYSQL, Specs.SPLIT)
                .translate("DELETE FROM users WHERE bio = ? AND id = ?");
        List<PlannedStatement> plan = t.dualWrite().statements();
        assertEquals("DELETE tsplit_user_profiles FROM user_profiles tsplit_user_profiles JOIN (SELECT users.id AS"
                + " tsplit_key FROM users WHERE bio = ? AND id = ?) tsplit_keys ON tsplit_user_profiles.user_id ="
                + " tsplit_keys.tsplit_key", plan.get(0).sql());
        assertEquals(List.of(1, 2), plan.get(0).params());
        assertFalse(plan.get(0).clientResult());
        assertEquals("DELETE FROM users WHERE bio = ? AND id = ?", plan.get(1).sql());
    }

    @Test
    void splitUpdateUpsertsBeforeTheUpdate() {
        Translation t = new Translator(Dialect.MYSQL, Specs.SPLIT)
                .translate("UPDATE users SET name = ?, avatar_url = ? WHERE id = ?");
        List<PlannedStatement> plan = t.dualWrite().statements();
        // a profile row created here copies the other moved columns from users (the backfill skips existing rows)
        assertEquals("INSERT INTO user_profiles (user_id, avatar_url, bio) SELECT users.id, ?, users.bio FROM users"
                + " WHERE id = ? ON DUPLICATE KEY UPDATE avatar_url = VALUES(avatar_url)", plan.get(0).sql());
        assertEquals(List.of(2, 3), plan.get(0).params());
        assertEquals(List.of(1, 2, 3), plan.get(1).params());
    }

    @Test
    void moveToAnotherServerMarksTheMirror() {
        MigrationSpec remote = new MigrationSpec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2", null,
                null, null, Map.of("total", "total_amount"), null, null, null, "archive", Phase.DUAL_WRITE);
        Translator t = new Translator(Dialect.POSTGRES, remote);
        Translation write = t.translate("UPDATE orders SET total = 1 WHERE id = $1");
        assertNull(write.dualWrite().statements().get(0).server());
        assertEquals("archive", write.dualWrite().statements().get(1).server());
        assertEquals(Verdict.UNTRANSLATABLE,
                t.translate("SELECT o.total, u.email FROM orders o JOIN users u ON u.id = o.user_id").verdict());
        assertEquals(Verdict.TRANSLATED, t.translate("SELECT total FROM orders WHERE id = 1").verdict());
    }

    @Test
    void volatileValuesAreNotEvaluatedTwice() {
        Translation t = new Translator(Dialect.POSTGRES, Specs.MOVE)
                .translate("INSERT INTO orders (id, user_id, total) VALUES (nextval('s'), 1, 2)");
        assertEquals(Verdict.UNTRANSLATABLE, t.verdict());
        assertTrue(t.reason().contains("nextval"), t.reason());
        Translation m = new Translator(Dialect.MYSQL, Specs.RENAME)
                .translate("UPDATE users u JOIN orders o ON o.user_id = u.id SET u.name = UUID()");
        assertEquals(Verdict.UNTRANSLATABLE, m.verdict());
    }

    @Test
    void unsafeReplaysAreRefused() {
        Translator split = new Translator(Dialect.POSTGRES, Specs.SPLIT);
        assertEquals(Verdict.UNTRANSLATABLE, split.translate("UPDATE users SET id = 9, bio = 'x' WHERE id = 1").verdict());
        Translator move = new Translator(Dialect.MYSQL, Specs.MOVE);
        assertEquals(Verdict.UNTRANSLATABLE, move.translate("UPDATE orders o JOIN users u ON u.id = o.user_id"
                + " SET o.total = 1, u.email = 'x'").verdict());
        assertEquals(Verdict.TRANSLATED, move.translate("UPDATE orders o JOIN users u ON u.id = o.user_id"
                + " SET o.total = 1 WHERE u.email = 'x'").verdict());
        assertEquals(Verdict.UNTRANSLATABLE, new Translator(Dialect.POSTGRES, Specs.MOVE).translate(
                "INSERT INTO orders (id, user_id) VALUES (1, 1) ON CONFLICT ON CONSTRAINT orders_pkey DO NOTHING")
                .verdict());
    }

    @Test
    void newShapeWritesComeWithTheirReverse() {
        Translation t = new Translator(Dialect.POSTGRES, Specs.MOVE)
                .translate("DELETE FROM orders_v2 WHERE total_amount IS NULL");
        assertEquals(Shape.NEW, t.shape());
        assertEquals("DELETE FROM orders WHERE total IS NULL", t.reverse().trim());
        assertEquals(t.reverse(), t.oldPath());
    }

    @Test
    void multiStatementPlansKeepTransactionControl() {
        Translation t = new Translator(Dialect.MYSQL, Specs.MOVE)
                .translate("BEGIN; DELETE FROM orders WHERE id = 1; COMMIT");
        assertEquals(StatementKind.MULTI, t.kind());
        List<String> sql = t.dualWrite().statements().stream().map(PlannedStatement::sql).toList();
        assertEquals(List.of("BEGIN", "DELETE FROM orders WHERE id = 1", "DELETE FROM orders_v2 WHERE id = 1",
                "COMMIT"), sql);
        assertEquals(Verdict.UNTRANSLATABLE, new Translator(Dialect.MYSQL, Specs.MOVE)
                .translate("SELECT total FROM orders; DELETE FROM orders").verdict());
    }
}
