package io.turnout.routing.translate;

import io.turnout.routing.sql.Token;
import io.turnout.routing.sql.TokenKind;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Result labels of select items, as the servers derive them, and the items' original ranges. */
final class SelectItems {

    private final Positions positions;
    private final String sql;
    private final List<Token> tokens;

    SelectItems(Positions positions, String sql, List<Token> tokens) {
        this.positions = positions;
        this.sql = sql;
        this.tokens = tokens;
    }

    String label(SqlNode item) {
        if (item.getKind() == SqlKind.AS) {
            return ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple();
        }
        SqlNode bare = item;
        while (bare.getKind() == SqlKind.CAST) {
            bare = ((SqlCall) bare).operand(0);
        }
        return bare instanceof SqlIdentifier id && !id.isStar() ? id.names.get(id.names.size() - 1) : null;
    }

    SelectItem selectItem(SqlNode item, int previousEnd, int selectStart, int end) {
        boolean aliased = item.getKind() == SqlKind.AS;
        SqlNode bare = item;
        while (bare.getKind() == SqlKind.CAST) {
            bare = ((SqlCall) bare).operand(0);
        }
        int labelStart = -1;
        int labelEnd = -1;
        if (!aliased && bare instanceof SqlIdentifier id && !id.isStar()) {
            SqlParserPos p = id.getComponentParserPosition(id.names.size() - 1);
            labelStart = start(p);
            labelEnd = end(p);
        }
        return new SelectItem(itemStart(previousEnd, selectStart), end, aliased, labelStart, labelEnd);
    }

    /** First token after the previous item's comma, or after SELECT and its modifiers. */
    private int itemStart(int previousEnd, int selectStart) {
        int from = previousEnd >= 0 ? previousEnd : selectStart;
        boolean skippedComma = previousEnd < 0;
        for (Token t : tokens) {
            if (t.start() < from || t.kind() == TokenKind.COMMENT) {
                continue;
            }
            if (!skippedComma) {
                skippedComma = t.kind() == TokenKind.COMMA;
                continue;
            }
            if (previousEnd < 0 && t.kind() == TokenKind.WORD && MODIFIERS.contains(t.text(sql).toUpperCase())) {
                continue;
            }
            return t.start();
        }
        return -1;
    }

    private static final Set<String> MODIFIERS = Set.of("SELECT", "DISTINCT", "ALL",
            "DISTINCTROW", "HIGH_PRIORITY", "STRAIGHT_JOIN", "SQL_SMALL_RESULT", "SQL_BIG_RESULT",
            "SQL_BUFFER_RESULT", "SQL_NO_CACHE", "SQL_CACHE", "SQL_CALC_FOUND_ROWS");

    private int start(SqlParserPos pos) {
        return positions.start(pos);
    }

    private int end(SqlParserPos pos) {
        return positions.end(pos);
    }
}
