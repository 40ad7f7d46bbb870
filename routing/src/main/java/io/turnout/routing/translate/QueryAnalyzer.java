package io.turnout.routing.translate;

import io.turnout.routing.sql.Token;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Walks a Calcite query tree and binds every column reference to the FROM item it belongs to, with SQL's scoping
 * rules (innermost scope first, qualifiers by alias, derived tables and CTEs by their output names). It only
 * collects facts; rewriting is done by the caller with edits at the original positions.
 */
final class QueryAnalyzer {

    final List<Source> tables = new ArrayList<>();
    final List<SelectItem> items = new ArrayList<>();
    final ColumnResolver resolver;
    /** The sticky key of the top-level SELECT's WHERE, or null. */
    StickyKey stickyKey;

    private final TableModel model;
    private final String sql;
    private final Positions positions;
    private final SelectItems selectItems;
    private final List<int[]> pseudoItems;
    private final boolean topLevelLabels;
    private final KeyPredicate keyPredicate;
    private int depth;

    QueryAnalyzer(TableModel model, AnalysisText text, String sql, List<Token> tokens, List<int[]> pseudoItems,
            boolean topLevelLabels) {
        this.model = model;
        this.sql = sql;
        this.positions = new Positions(text, sql);
        this.selectItems = new SelectItems(positions, sql, tokens);
        this.resolver = new ColumnResolver(model, positions, sql);
        this.pseudoItems = pseudoItems;
        this.topLevelLabels = topLevelLabels;
        this.keyPredicate = new KeyPredicate(model, positions, sql, tokens);
    }

    /** Analyses a query; returns its output column names (null where unknown). */
    List<String> query(SqlNode node, Scope outer) throws UntranslatableException {
        depth++;
        try {
            return switch (node.getKind()) {
                case SELECT -> select((SqlSelect) node, outer, null);
                case ORDER_BY -> orderBy((SqlOrderBy) node, outer);
                case WITH -> with((SqlWith) node, outer);
                case UNION, INTERSECT, EXCEPT -> {
                    List<String> labels = null;
                    for (SqlNode operand : ((SqlCall) node).getOperandList()) {
                        List<String> l = query(operand, outer);
                        labels = labels == null ? l : labels;
                    }
                    yield labels;
                }
                case VALUES -> {
                    for (SqlNode row : ((SqlCall) node).getOperandList()) {
                        expression(row, new Scope(outer));
                    }
                    yield null;
                }
                default -> throw new UntranslatableException("unsupported query form " + node.getKind());
            };
        } finally {
            depth--;
        }
    }

    private List<String> orderBy(SqlOrderBy node, Scope outer) throws UntranslatableException {
        Scope[] inner = new Scope[1];
        List<String> labels = node.query instanceof SqlSelect s ? select(s, outer, inner) : query(node.query, outer);
        orderItems(node.orderList, inner[0] != null ? inner[0] : new Scope(outer), labels);
        return labels;
    }

    private List<String> with(SqlWith node, Scope outer) throws UntranslatableException {
        Scope cteScope = new Scope(outer);
        for (SqlNode n : node.withList) {
            SqlWithItem item = (SqlWithItem) n;
            List<String> labels = query(item.query, cteScope);
            if (item.columnList != null) {
                labels = new ArrayList<>();
                for (SqlNode c : item.columnList) {
                    labels.add(((SqlIdentifier) c).getSimple());
                }
            }
            cteScope.defineCte(item.name.getSimple(), labels);
        }
        return query(node.body, cteScope);
    }

    private List<String> select(SqlSelect node, Scope outer, Scope[] scopeOut) throws UntranslatableException {
        Scope scope = new Scope(outer);
        if (scopeOut != null) {
            scopeOut[0] = scope;
        }
        List<SqlNode> conditions = new ArrayList<>();
        if (node.getFrom() != null) {
            from(node.getFrom(), scope, outer, conditions);
        }
        for (SqlNode c : conditions) {
            expression(c, scope);
        }
        List<String> labels = new ArrayList<>();
        int previousEnd = -1;
        for (SqlNode item : node.getSelectList()) {
            labels.add(selectItems.label(item));
            int end = end(item);
            if (!isPseudoItem(end) && (depth > 1 || topLevelLabels) && end >= 0) {
                items.add(selectItems.selectItem(item, previousEnd, start(node), end));
            }
            previousEnd = end;
            expression(item, scope);
        }
        expression(node.getWhere(), scope);
        if (depth == 1) {
            stickyKey = keyPredicate.find(node.getWhere(), scope, resolver.columns);
        }
        expression(node.getGroup(), scope);
        expression(node.getHaving(), scope);
        expression(node.getWindowList(), scope);
        if (node.getOrderList() != null) {
            orderItems(node.getOrderList(), scope, labels);
        }
        return labels;
    }

    private void orderItems(SqlNodeList list, Scope scope, List<String> labels) throws UntranslatableException {
        for (SqlNode item : list) {
            SqlNode bare = item;
            while (bare instanceof SqlBasicCall c && (c.getKind() == SqlKind.DESCENDING
                    || c.getKind() == SqlKind.NULLS_FIRST || c.getKind() == SqlKind.NULLS_LAST)) {
                bare = c.operand(0);
            }
            if (bare instanceof SqlIdentifier id && id.names.size() == 1 && labels != null
                    && labels.stream().anyMatch(l -> l != null && l.equalsIgnoreCase(id.getSimple()))) {
                continue;
            }
            expression(item, scope);
        }
    }

    private int start(SqlNode node) {
        return positions.start(node);
    }

    private int end(SqlNode node) {
        return positions.end(node);
    }

    private int start(SqlParserPos pos) {
        return positions.start(pos);
    }

    private int end(SqlParserPos pos) {
        return positions.end(pos);
    }

    private boolean quotedAt(SqlParserPos pos) {
        return positions.quotedAt(pos);
    }

    private boolean isPseudoItem(int end) {
        return pseudoItems.stream().anyMatch(r -> end > r[0] && end <= r[1]);
    }

    private void from(SqlNode node, Scope scope, Scope outer, List<SqlNode> conditions)
            throws UntranslatableException {
        if (node instanceof SqlJoin join) {
            from(join.getLeft(), scope, outer, conditions);
            int before = scope.sources.size();
            from(join.getRight(), scope, outer, conditions);
            boolean unsafe = join.isNatural() || join.getConditionType() == JoinConditionType.USING;
            for (int i = 0; i < scope.sources.size(); i++) {
                scope.sources.get(i).joinUnsafe |= unsafe;
            }
            if (join.getCondition() != null) {
                conditions.add(join.getCondition());
                int condEnd = end(join.getCondition());
                for (int i = before; i < scope.sources.size(); i++) {
                    scope.sources.get(i).joinAt = join.getConditionType() == JoinConditionType.ON ? condEnd : -1;
                }
            }
            return;
        }
        String alias = null;
        SqlNode inner = node;
        List<String> columnAliases = null;
        if (node.getKind() == SqlKind.AS) {
            SqlCall as = (SqlCall) node;
            inner = as.operand(0);
            alias = ((SqlIdentifier) as.operand(1)).getSimple();
            if (as.operandCount() > 2) {
                columnAliases = new ArrayList<>();
                for (int i = 2; i < as.operandCount(); i++) {
                    columnAliases.add(((SqlIdentifier) as.operand(i)).getSimple());
                }
            }
        }
        if (inner instanceof SqlIdentifier id) {
            String name = id.names.get(id.names.size() - 1);
            int last = id.names.size() - 1;
            boolean quoted = quotedAt(id.getComponentParserPosition(last));
            Source source;
            if (id.names.size() == 1 && scope.isCte(name)) {
                source = new Source(scope, name, alias, false, false,
                        columnAliases != null ? columnAliases : scope.cteLabels(name), false);
            } else {
                boolean migrating = model.isTable(name, quoted);
                source = new Source(scope, name, alias, migrating, model.isNewTable(name, quoted), columnAliases,
                        alias != null && alias.equalsIgnoreCase("excluded") && id.getParserPosition().getLineNum()
                                >= 1 && start(id) < 0);
                SqlParserPos namePos = id.getComponentParserPosition(last);
                source.nameStart = start(namePos);
                source.nameEnd = end(namePos);
                source.nameText = source.nameStart >= 0 ? sql.substring(source.nameStart, source.nameEnd) : name;
            }
            source.refEnd = end(node);
            source.joinAt = source.refEnd;
            scope.sources.add(source);
            tables.add(source);
            return;
        }
        List<String> labels = SqlKind.QUERY.contains(inner.getKind()) ? query(inner, outer) : null;
        if (!SqlKind.QUERY.contains(inner.getKind())) {
            expression(inner, outer);
        }
        Source derived = new Source(scope, null, alias, false, false, columnAliases != null ? columnAliases : labels,
                false);
        derived.refEnd = end(node);
        derived.joinAt = derived.refEnd;
        scope.sources.add(derived);
    }

    void expression(SqlNode node, Scope scope) throws UntranslatableException {
        if (node == null) {
            return;
        }
        if (node instanceof SqlIdentifier id) {
            resolver.column(id, scope);
        } else if (node instanceof SqlNodeList list) {
            for (SqlNode n : list) {
                expression(n, scope);
            }
        } else if (SqlKind.QUERY.contains(node.getKind())) {
            query(node, scope);
        } else if (node.getKind() == SqlKind.AS) {
            expression(((SqlCall) node).operand(0), scope);
        } else if (node instanceof SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                if (!(operand instanceof SqlIdentifier id && id.isStar())) {
                    expression(operand, scope);
                }
            }
        }
    }

}
