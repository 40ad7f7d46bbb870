package io.turnout.routing.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The FROM sources visible at one query level, and the CTEs defined there; inner scopes see outer ones. */
final class Scope {

    final Scope parent;
    final List<Source> sources = new ArrayList<>();
    private final Map<String, List<String>> ctes = new HashMap<>();
    private final Map<String, Boolean> cteDefined = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    void defineCte(String name, List<String> labels) {
        ctes.put(name.toLowerCase(Locale.ROOT), labels);
        cteDefined.put(name.toLowerCase(Locale.ROOT), Boolean.TRUE);
    }

    /** True when {@code name} is a CTE here or outside; {@link #cteLabels} then gives its columns. */
    boolean isCte(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.cteDefined.containsKey(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    List<String> cteLabels(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.cteDefined.containsKey(name.toLowerCase(Locale.ROOT))) {
                return s.ctes.get(name.toLowerCase(Locale.ROOT));
            }
        }
        return null;
    }

    boolean containsMigrating() {
        return sources.stream().anyMatch(s -> s.migrating);
    }

    boolean outerContainsMigrating() {
        for (Scope s = parent; s != null; s = s.parent) {
            if (s.containsMigrating()) {
                return true;
            }
        }
        return false;
    }
}
