package io.turnout.routing.translate;

import io.turnout.routing.sql.Dialect;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/** Calcite Babel, configured per dialect, used only to analyse: its tree is read, never unparsed. */
final class QueryParser {

    private final SqlParser.Config config;

    QueryParser(Dialect dialect) {
        this.config = SqlParser.config()
                .withParserFactory(SqlBabelParserImpl.FACTORY)
                .withConformance(SqlConformanceEnum.BABEL)
                .withQuoting(dialect == Dialect.POSTGRES ? Quoting.DOUBLE_QUOTE : Quoting.BACK_TICK)
                .withUnquotedCasing(Casing.UNCHANGED)
                .withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(false);
    }

    SqlNode parse(AnalysisText text) throws UntranslatableException {
        try {
            return SqlParser.create(text.text(), config).parseQuery();
        } catch (SqlParseException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            int nl = message.indexOf('\n');
            throw new UntranslatableException("the SQL parser cannot read this statement ("
                    + (nl > 0 ? message.substring(0, nl) : message) + "); it is not translated");
        }
    }
}
