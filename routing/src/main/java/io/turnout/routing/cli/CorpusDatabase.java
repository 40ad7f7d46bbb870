package io.turnout.routing.cli;

import io.turnout.routing.model.MigrationKind;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.SqlLexer;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the corpus database states (old shape; old shape + expand + backfill) and snapshots one shape. */
final class CorpusDatabase {

    private static final Pattern CREATE = Pattern.compile("(?i)CREATE\\s+TABLE\\s+([A-Za-z_][A-Za-z0-9_]*)");

    private final Corpus corpus;
    private final JdbcRunner jdbc;
    private final List<String> tables = new ArrayList<>();
    private String current;

    CorpusDatabase(Corpus corpus, JdbcRunner jdbc) {
        this.corpus = corpus;
        this.jdbc = jdbc;
        Set<String> names = new LinkedHashSet<>();
        collect(corpus.schema(), names);
        corpus.migrations().values().forEach(m -> collect(m.expand(), names));
        tables.addAll(names);
    }

    private static void collect(String ddl, Set<String> names) {
        Matcher m = CREATE.matcher(ddl);
        while (m.find()) {
            names.add(m.group(1));
        }
    }

    /** Rebuilds the state unless it is already there and clean. */
    void prepare(String migration, boolean expanded, boolean reuse) throws SQLException {
        String wanted = migration + "/" + expanded;
        if (reuse && wanted.equals(current)) {
            return;
        }
        current = null;
        if (corpus.dialect() == Dialect.MYSQL) {
            jdbc.execute("SET FOREIGN_KEY_CHECKS = 0");
        }
        for (int i = tables.size() - 1; i >= 0; i--) {
            jdbc.execute("DROP TABLE IF EXISTS " + tables.get(i) + (corpus.dialect() == Dialect.POSTGRES
                    ? " CASCADE" : ""));
        }
        if (corpus.dialect() == Dialect.MYSQL) {
            jdbc.execute("SET FOREIGN_KEY_CHECKS = 1");
        }
        runAll(corpus.schema());
        runAll(corpus.seed());
        if (expanded) {
            Corpus.CorpusMigration m = corpus.migrations().get(migration);
            runAll(m.expand());
            runAll(m.backfill());
        }
        current = wanted;
    }

    void dirty() {
        current = null;
    }

    private void runAll(String script) throws SQLException {
        List<Token> tokens = SqlLexer.tokens(corpus.dialect(), script);
        int start = 0;
        for (Token t : tokens) {
            if (t.kind() == TokenKind.SEMICOLON) {
                String stmt = script.substring(start, t.start()).trim();
                if (!stmt.isEmpty()) {
                    jdbc.execute(stmt);
                }
                start = t.end();
            }
        }
        String rest = script.substring(start).trim();
        if (!rest.isEmpty()) {
            jdbc.execute(rest);
        }
    }

    /** Every row of every table, without the columns and tables that belong only to the other shape. */
    String snapshot(MigrationSpec spec, Shape shape) throws SQLException {
        StringBuilder out = new StringBuilder();
        for (String table : tables) {
            if (excludedTable(spec, shape, table)) {
                continue;
            }
            List<String> cols;
            try {
                cols = new ArrayList<>(jdbc.columns(table));
            } catch (SQLException missing) {
                continue;
            }
            cols.removeIf(c -> excludedColumn(spec, shape, table, c));
            String list = String.join(", ", cols);
            out.append(table).append(": ").append(jdbc.run("SELECT " + list + " FROM " + table + " ORDER BY " + list,
                    List.of(), List.of(), false)).append('\n');
        }
        return out.toString();
    }

    private static boolean excludedTable(MigrationSpec spec, Shape shape, String table) {
        return switch (spec.kind()) {
            case MOVE_TABLE -> table.equalsIgnoreCase(shape == Shape.OLD ? spec.to() : spec.table());
            case SPLIT_TABLE -> shape == Shape.OLD && table.equalsIgnoreCase(spec.to());
            default -> false;
        };
    }

    private static boolean excludedColumn(MigrationSpec spec, Shape shape, String table, String column) {
        if (!table.equalsIgnoreCase(spec.table())) {
            return false;
        }
        return switch (spec.kind()) {
            case RENAME_COLUMN, REPLACE_COLUMN -> column.equalsIgnoreCase(shape == Shape.OLD ? spec.to()
                    : spec.column());
            case SPLIT_TABLE -> shape == Shape.NEW && spec.columns().stream().anyMatch(column::equalsIgnoreCase);
            default -> false;
        };
    }

    /** Two queries whose results must be equal when the shapes agree (every row compared). */
    List<String> agreement(MigrationSpec spec) {
        String key = spec.key();
        if (spec.kind() == MigrationKind.RENAME_COLUMN) {
            return List.of("SELECT " + key + ", " + spec.column() + " FROM " + spec.table(),
                    "SELECT " + key + ", " + spec.to() + " FROM " + spec.table());
        }
        if (spec.kind() == MigrationKind.REPLACE_COLUMN) {
            return List.of("SELECT " + key + ", " + spec.forward() + " FROM " + spec.table(),
                    "SELECT " + key + ", " + spec.to() + " FROM " + spec.table());
        }
        List<String> oldCols = new ArrayList<>();
        List<String> newCols = new ArrayList<>();
        try {
            if (spec.kind() == MigrationKind.MOVE_TABLE) {
                for (String c : jdbc.columns(spec.table())) {
                    oldCols.add(c);
                    newCols.add(spec.renamedColumn(c));
                }
            } else {
                oldCols.add(key);
                newCols.add(spec.targetKey());
                oldCols.addAll(spec.columns());
                newCols.addAll(spec.columns());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return List.of("SELECT " + String.join(", ", oldCols) + " FROM " + spec.table(),
                "SELECT " + String.join(", ", newCols) + " FROM " + spec.to());
    }
}
