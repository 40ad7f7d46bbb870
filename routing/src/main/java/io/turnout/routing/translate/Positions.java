package io.turnout.routing.translate;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Maps Calcite parser positions in an analysis text back to offsets of the original statement. */
final class Positions {

    private final AnalysisText text;
    private final String sql;

    Positions(AnalysisText text, String sql) {
        this.text = text;
        this.sql = sql;
    }

    boolean quotedAt(SqlParserPos pos) {
        int at = start(pos);
        if (at < 0) {
            return false;
        }
        char c = sql.charAt(at);
        return c == '"' || c == '`';
    }

    int start(SqlNode node) {
        return start(node.getParserPosition());
    }

    int end(SqlNode node) {
        return end(node.getParserPosition());
    }

    int start(SqlParserPos pos) {
        return text.originAt(pos.getLineNum(), pos.getColumnNum());
    }

    int end(SqlParserPos pos) {
        int last = text.originAt(pos.getEndLineNum(), pos.getEndColumnNum());
        return last < 0 ? -1 : last + 1;
    }
}
