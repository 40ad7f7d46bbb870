package io.turnout.routing.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpecLoaderTest {

    private final SpecLoader loader = new SpecLoader();

    @Test
    void readsYamlWithAllKinds() throws Exception {
        MigrationSet set = loader.parse("""
                version: 7
                migrations:
                  - {id: m1, kind: rename-column, table: users, column: name, to: full_name, phase: dual-write}
                  - id: m2
                    kind: replace-column
                    table: products
                    column: price
                    to: price_cents
                    forward: round(price * 100)::bigint
                    backward: (price_cents / 100.0)::numeric(10,2)
                    column-type: numeric(10,2)
                  - {id: m3, kind: move-table, table: orders, to: orders_v2, renames: {total: total_amount}}
                  - {id: m4, kind: split-table, table: users, columns: [bio, avatar_url], to: user_profiles, target-key: user_id}
                """, "test");
        assertEquals(7, set.version());
        assertEquals(4, set.migrations().size());
        assertEquals(Phase.DUAL_WRITE, set.byId("m1").orElseThrow().phase());
        assertEquals(Phase.OFF, set.byId("m2").orElseThrow().phase());
        assertEquals("numeric(10,2)", set.byId("m2").orElseThrow().columnType());
        assertEquals("total_amount", set.byId("m3").orElseThrow().renamedColumn("TOTAL"));
        assertEquals("id", set.byId("m4").orElseThrow().key());
    }

    @Test
    void readsJsonWithTheSameModel() throws Exception {
        MigrationSet set = loader.parse("""
                {"version": 2, "migrations": [{"id": "m1", "kind": "rename-column", "table": "users",
                  "column": "name", "to": "full_name", "phase": "shadow"}]}
                """, "json");
        assertEquals(Phase.SHADOW, set.migrations().get(0).phase());
        assertEquals(MigrationKind.RENAME_COLUMN, set.migrations().get(0).kind());
    }

    @Test
    void roundTripsThroughYaml() throws Exception {
        MigrationSet set = loader.parse("migrations: [{id: m3, kind: move-table, table: orders, to: o2}]", "t");
        assertEquals(set, loader.parse(loader.write(set), "again"));
    }

    @Test
    void errorsNameTheField() {
        SpecValidationException e = assertThrows(SpecValidationException.class, () -> loader.parse("""
                migrations:
                  - {id: m1, kind: rename-column, table: users, to: full_name}
                  - {id: m1, kind: split-table, table: users, to: p}
                  - {id: m3, kind: replace-column, table: "bad name", column: a, to: b, forward: a}
                """, "t"));
        assertTrue(e.errors().contains("migrations[0].column: required for rename-column"), e.getMessage());
        assertTrue(e.errors().contains("migrations[1].id: 'm1' is used twice"), e.getMessage());
        assertTrue(e.errors().stream().anyMatch(s -> s.startsWith("migrations[1].target-key:")), e.getMessage());
        assertTrue(e.errors().stream().anyMatch(s -> s.startsWith("migrations[1].columns:")), e.getMessage());
        assertTrue(e.errors().stream().anyMatch(s -> s.startsWith("migrations[2].backward:")), e.getMessage());
        assertTrue(e.errors().stream().anyMatch(s -> s.startsWith("migrations[2].table: 'bad name'")), e.getMessage());
    }

    @Test
    void unknownFieldsAndKindsAreNamed() {
        SpecValidationException e = assertThrows(SpecValidationException.class,
                () -> loader.parse("migrations: [{id: m1, kind: drop-table, table: t, to: u}]", "t"));
        assertTrue(e.errors().get(0).startsWith("migrations[0].kind:"), e.getMessage());
        e = assertThrows(SpecValidationException.class,
                () -> loader.parse("migrations: [{id: m1, kind: move-table, table: t, to: u, colour: red}]", "t"));
        assertTrue(e.errors().get(0).startsWith("migrations[0].colour:"), e.getMessage());
    }

    @Test
    void stickyKeyDefaultsToTheKeyAndIsValidatedByName() throws Exception {
        MigrationSet set = loader.parse("""
                migrations:
                  - {id: a, kind: rename-column, table: users, column: name, to: full_name}
                  - {id: b, kind: rename-column, table: users, column: name, to: full_name, key: uid}
                  - {id: c, kind: move-table, table: orders, to: orders_v2, sticky-key: total,
                     renames: {total: total_amount}}
                  - {id: d, kind: rename-column, table: users, column: name, to: full_name, sticky-key: session}
                """, "sticky");
        assertEquals("id", set.byId("a").orElseThrow().stickyColumn());
        assertEquals("uid", set.byId("b").orElseThrow().stickyColumn());
        assertEquals("total", set.byId("c").orElseThrow().stickyColumn());
        assertEquals("total_amount", set.byId("c").orElseThrow().inverse().stickyColumn());
        assertEquals(null, set.byId("d").orElseThrow().stickyColumn());
        assertEquals(set, loader.parse(loader.write(set), "again"));
        SpecValidationException e = assertThrows(SpecValidationException.class, () -> loader.parse("""
                migrations:
                  - {id: a, kind: rename-column, table: users, column: name, to: full_name, sticky-key: "a b"}
                  - {id: b, kind: replace-column, table: p, column: price, to: cents, forward: x, backward: y,
                     sticky-key: price}
                  - {id: c, kind: split-table, table: users, to: profiles, columns: [bio], target-key: user_id,
                     sticky-key: bio}
                """, "bad"));
        assertTrue(e.errors().stream().anyMatch(s -> s.startsWith("migrations[0].sticky-key: 'a b'")), e.getMessage());
        assertTrue(e.errors().stream().anyMatch(s -> s.startsWith("migrations[1].sticky-key:")), e.getMessage());
        assertTrue(e.errors().stream().anyMatch(s -> s.startsWith("migrations[2].sticky-key:")), e.getMessage());
    }

    @Test
    void inverseSwapsNames() {
        MigrationSpec move = new MigrationSpec("m3", MigrationKind.MOVE_TABLE, "orders", null, "orders_v2", null, null,
                null, java.util.Map.of("total", "total_amount"), null, null, null, null, null);
        MigrationSpec back = move.inverse();
        assertEquals("orders_v2", back.table());
        assertEquals("orders", back.to());
        assertEquals("total", back.renamedColumn("total_amount"));
    }

    @Test
    void phaseTableIsConsistent() {
        for (Phase p : Phase.values()) {
            assertTrue(p.written().contains(p.servesReads()), p + " serves reads from a shape it does not write");
            assertTrue(p.written().contains(p.authoritative()), p + " is authoritative on a shape it does not write");
        }
        assertEquals(Phase.LIVE, Phase.parse("LIVE"));
    }
}
