package io.turnout.routing.translate;

import io.turnout.routing.sql.Dialect;
import io.turnout.routing.sql.Token;
import java.util.List;
import org.apache.calcite.sql.SqlNode;

/**
 * Builds the analysis text(s) for one statement and runs the {@link QueryAnalyzer} over them. A query is parsed as
 * written (masked); a write is analysed through a synthetic SELECT assembled from its pieces, e.g.
 * {@code UPDATE t a SET c = v FROM o WHERE w} as {@code SELECT v FROM t a , o WHERE w}, every piece keeping its
 * original positions.
 */
final class StatementAnalysis {

    private final Dialect dialect;
    private final String sql;
    private final List<Token> tokens;
    private final QueryParser parser;

    StatementAnalysis(Dialect dialect, String sql, List<Token> tokens, QueryParser parser) {
        this.dialect = dialect;
        this.sql = sql;
        this.tokens = tokens;
        this.parser = parser;
    }

    Facts query(TableModel model, int from, int to) throws UntranslatableException {
        Facts facts = new Facts();
        runQuery(model, facts, from, to, true);
        return facts;
    }

    private void runQuery(TableModel model, Facts facts, int from, int to, boolean labels)
            throws UntranslatableException {
        AnalysisText text = new AnalysisText();
        QueryMasker masker = new QueryMasker(dialect, sql, tokens);
        masker.append(text, from, to);
        SqlNode node = parser.parse(text);
        QueryAnalyzer analyzer = new QueryAnalyzer(model, text, sql, tokens, masker.pseudoItems(), labels);
        analyzer.query(node, new Scope(null));
        facts.add(analyzer);
    }

    Facts dml(TableModel model, Dml d) throws UntranslatableException {
        Facts facts = new Facts();
        AnalysisText text = new AnalysisText();
        QueryMasker masker = new QueryMasker(dialect, sql, tokens).maskValuesCalls(d.odku);
        text.synthetic("SELECT 1");
        if (d.verb == Dml.Verb.UPDATE || d.verb == Dml.Verb.DELETE) {
            for (Dml.Assignment a : d.set) {
                if (d.multiTable) {
                    item(text, masker, a.targetFrom(), a.targetTo());
                }
                item(text, masker, a.valueFrom(), a.valueTo());
            }
            returning(text, masker, d);
            text.synthetic(" FROM ");
            masker.append(text, d.tableFrom, d.targetTo);
            if (d.fromListFrom >= 0) {
                text.synthetic(" , ");
                masker.append(text, d.fromListFrom, d.fromListTo);
            }
            where(text, masker, d.whereFrom, d.whereTo);
            if (d.orderFrom >= 0) {
                text.synthetic(" ORDER BY ");
                masker.append(text, d.orderFrom, d.orderTo);
            }
        } else {
            for (List<int[]> row : d.rows) {
                for (int[] v : row) {
                    item(text, masker, v[0], v[1]);
                }
            }
            for (Dml.Assignment a : d.set) {
                item(text, masker, a.valueFrom(), a.valueTo());
            }
            if (d.conflictTargetFrom >= 0) {
                item(text, masker, d.conflictTargetFrom, d.conflictTargetTo);
            }
            for (Dml.Assignment a : d.conflictSet) {
                item(text, masker, a.valueFrom(), a.valueTo());
            }
            returning(text, masker, d);
            String table = Tokens.text(tokens, sql, d.tableFrom, d.tableTo);
            text.synthetic(" FROM " + table + (d.alias >= 0 ? " AS " + tokens.get(d.alias).text(sql) : ""));
            if (dialect == Dialect.POSTGRES) {
                text.synthetic(" , " + table + " AS excluded");
            }
            where(text, masker, d.conflictWhereFrom, d.conflictWhereTo);
            if (d.queryFrom >= 0) {
                runQuery(model, facts, d.queryFrom, d.queryTo, false);
            }
        }
        SqlNode node = parser.parse(text);
        QueryAnalyzer analyzer = new QueryAnalyzer(model, text, sql, tokens, List.of(), false);
        analyzer.query(node, new Scope(null));
        facts.add(analyzer);
        return facts;
    }

    private void item(AnalysisText text, QueryMasker masker, int from, int to) throws UntranslatableException {
        text.synthetic(", ");
        if (to - from == 1 && tokens.get(from).isWord(sql, "DEFAULT")) {
            text.synthetic("NULL");
            return;
        }
        masker.append(text, from, to);
    }

    private void returning(AnalysisText text, QueryMasker masker, Dml d) throws UntranslatableException {
        if (d.returningFrom >= 0) {
            text.synthetic(", ");
            masker.append(text, d.returningFrom + 1, d.returningTo);
        }
    }

    private void where(AnalysisText text, QueryMasker masker, int from, int to) throws UntranslatableException {
        if (from >= 0 && from < to) {
            text.synthetic(" WHERE ");
            masker.append(text, from, to);
        }
    }
}
