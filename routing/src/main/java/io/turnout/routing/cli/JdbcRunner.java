package io.turnout.routing.cli;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.SqlLexer;
import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs statements with client parameters over JDBC and captures what a client sees. PostgreSQL {@code $n} are
 * turned into JDBC {@code ?} (repeated numbers bound again), string values are sent untyped so the server infers
 * their types as it does for a driver's unspecified parameters.
 */
final class JdbcRunner {

    private final Dialect dialect;
    private final Connection connection;

    JdbcRunner(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /** Every result of the statement: "count=N" or a result block (labels, types, rows). */
    List<String> run(String sql, List<Integer> paramNumbers, List<Object> values, boolean sortRows)
            throws SQLException {
        if (values.isEmpty() || paramNumbers.isEmpty()) {
            try (Statement s = connection.createStatement()) {
                return collect(s, s.execute(sql), sortRows);
            }
        }
        StringBuilder jdbc = new StringBuilder();
        List<Object> bound = new ArrayList<>();
        int copied = 0;
        int mysqlIndex = 0;
        for (Token t : SqlLexer.tokens(dialect, sql)) {
            if (t.kind() != TokenKind.PARAM) {
                continue;
            }
            jdbc.append(sql, copied, t.start()).append('?');
            copied = t.end();
            int n = dialect == Dialect.MYSQL ? ++mysqlIndex : Integer.parseInt(t.text(sql).substring(1));
            bound.add(values.get(paramNumbers.get(n - 1) - 1));
        }
        jdbc.append(sql.substring(copied));
        try (PreparedStatement ps = connection.prepareStatement(jdbc.toString())) {
            for (int i = 0; i < bound.size(); i++) {
                Object v = bound.get(i);
                if (v instanceof String && dialect == Dialect.POSTGRES) {
                    ps.setObject(i + 1, v, Types.OTHER);
                } else {
                    ps.setObject(i + 1, v);
                }
            }
            return collect(ps, ps.execute(), sortRows);
        }
    }

    private static List<String> collect(Statement s, boolean isResultSet, boolean sortRows) throws SQLException {
        List<String> results = new ArrayList<>();
        boolean rs = isResultSet;
        while (true) {
            if (rs) {
                try (ResultSet r = s.getResultSet()) {
                    results.add(block(r, sortRows));
                }
            } else {
                int count = s.getUpdateCount();
                if (count < 0) {
                    return results;
                }
                results.add("count=" + count);
            }
            rs = s.getMoreResults();
        }
    }

    static String block(ResultSet r, boolean sortRows) throws SQLException {
        ResultSetMetaData md = r.getMetaData();
        StringBuilder head = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            head.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append('(')
                    .append(md.getScale(i)).append(") ");
        }
        List<String> rows = new ArrayList<>();
        while (r.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.append(i > 1 ? " | " : "").append(String.valueOf(r.getObject(i)));
            }
            rows.add(row.toString());
        }
        if (sortRows) {
            rows.sort(null);
        }
        return head.toString().trim() + "\n  " + String.join("\n  ", rows);
    }

    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The table's columns in order, read from the catalog (no SQL error inside a transaction when missing). */
    List<String> columns(String table) throws SQLException {
        List<String> cols = new ArrayList<>();
        String catalog = dialect == Dialect.MYSQL ? connection.getCatalog() : null;
        String schema = dialect == Dialect.POSTGRES ? "public" : null;
        try (ResultSet r = connection.getMetaData().getColumns(catalog, schema, table, "%")) {
            while (r.next()) {
                cols.add(r.getString("COLUMN_NAME"));
            }
        }
        if (cols.isEmpty()) {
            throw new SQLException("no table " + table);
        }
        return cols;
    }
}
