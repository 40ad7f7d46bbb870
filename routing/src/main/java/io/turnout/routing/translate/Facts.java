package io.turnout.routing.translate;

import java.util.ArrayList;
import java.util.List;

/** Everything the analysers found in one statement, in original offsets. */
final class Facts {

    final List<Source> tables = new ArrayList<>();
    final List<ColumnUse> columns = new ArrayList<>();
    final List<SelectItem> items = new ArrayList<>();
    final List<int[]> migratingStars = new ArrayList<>();
    final List<Object[]> unbound = new ArrayList<>();
    /** Where the top-level query names its sticky key's value, or null. */
    StickyKey stickyKey;

    void add(QueryAnalyzer a) {
        tables.addAll(a.tables);
        columns.addAll(a.resolver.columns);
        items.addAll(a.items);
        migratingStars.addAll(a.resolver.migratingStars);
        unbound.addAll(a.resolver.unbound);
        stickyKey = stickyKey != null ? stickyKey : a.stickyKey;
    }

    boolean usesColumn(TableModel model, String name) {
        return columns.stream().anyMatch(c -> model.sameName(c.column(), c.quoted(), name));
    }

    boolean usesNewTable() {
        return tables.stream().anyMatch(s -> s.newTable);
    }

    boolean usesTable() {
        return tables.stream().anyMatch(s -> s.migrating);
    }
}
