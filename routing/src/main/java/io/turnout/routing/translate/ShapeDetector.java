package io.turnout.routing.translate;

import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Shape;

/** Decides which shape a statement is written against from the names it uses. */
final class ShapeDetector {

    private ShapeDetector() {
    }

    static Shape detect(MigrationSpec spec, TableModel model, Facts facts, WriteNames writeNames)
            throws UntranslatableException {
        boolean old;
        boolean neu;
        if (spec.kind() == MigrationKind.RENAME_COLUMN || spec.kind() == MigrationKind.REPLACE_COLUMN) {
            old = facts.usesColumn(model, spec.column()) || writeNames.writes(spec.column());
            neu = facts.usesColumn(model, spec.to()) || writeNames.writes(spec.to());
        } else {
            old = facts.usesTable() || writeNames.targets(spec.table());
            neu = facts.usesNewTable() || writeNames.targets(spec.to());
        }
        if (old && neu) {
            throw new UntranslatableException("the statement mixes old-shape and new-shape names of migration "
                    + spec.id() + "; write it against one shape");
        }
        if (neu && spec.kind() == MigrationKind.SPLIT_TABLE) {
            throw new UntranslatableException("SQL written against the new shape of split-table " + spec.id()
                    + " (table " + spec.to() + ") is not translated back");
        }
        return neu ? Shape.NEW : Shape.OLD;
    }

    /** What a write statement names outside the analysed expressions: its target table and written columns. */
    interface WriteNames {
        boolean writes(String column);

        boolean targets(String table);

        WriteNames NONE = new WriteNames() {
            @Override
            public boolean writes(String column) {
                return false;
            }

            @Override
            public boolean targets(String table) {
                return false;
            }
        };
    }
}
