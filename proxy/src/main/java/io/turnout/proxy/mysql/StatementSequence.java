package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.turnout.proxy.mysql.MySqlReplyQueue.PendingReply;
import io.turnout.proxy.route.PlannedSql;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;

import java.util.ArrayList;
import java.util.List;

/**
 * A multi-statement COM_QUERY text whose plan has hidden statements, run as the server runs such a text: one client
 * statement after the other, each an atomic {@link PlannedExchange} of its own (wrapped as the session stands when it
 * starts, so a {@code START TRANSACTION} or {@code COMMIT} of the text takes effect as written), stopping at the
 * first error. The visible replies reach the client as one multi-result reply:
 *
 * <pre>
 *  client:  COM_QUERY "START TRANSACTION; UPDATE t ...; COMMIT"                    seq 0
 *  proxy:   START TRANSACTION          -> OK            held, MORE_RESULTS set     seq 1
 *           SAVEPOINT, UPDATE t, UPDATE t_new           (hidden replies dropped)
 *                                      -> OK (UPDATE t) held, MORE_RESULTS set     seq 2
 *           COMMIT                     -> OK            held, last result          seq 3
 * </pre>
 */
final class StatementSequence implements PlannedExchange.Link {

    private final List<List<PlannedSql>> groups;
    private final StatementPlan plan;
    private final StatementPlanner planner;
    private final MySqlReplyQueue queue;
    private final RoutedCommands commands;
    private int index;
    private int sequenceId = 1;

    private StatementSequence(List<List<PlannedSql>> groups, StatementPlan plan, StatementPlanner planner,
                              MySqlReplyQueue queue, RoutedCommands commands) {
        this.groups = groups;
        this.plan = plan;
        this.planner = planner;
        this.queue = queue;
        this.commands = commands;
    }

    /**
     * The plan's statements by client statement, in order; null unless every client statement is one contiguous
     * run with exactly one visible statement.
     */
    static List<List<PlannedSql>> groups(StatementPlan plan) {
        List<List<PlannedSql>> groups = new ArrayList<>();
        int owner = -1;
        for (PlannedSql s : plan.statements()) {
            if (s.clientStatement() != owner) {
                if (s.clientStatement() != groups.size()) {
                    return null;
                }
                owner = s.clientStatement();
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(s);
        }
        for (List<PlannedSql> g : groups) {
            if (g.stream().filter(PlannedSql::visible).count() != 1) {
                return null;
            }
        }
        return groups.size() > 1 ? groups : null;
    }

    static void run(List<List<PlannedSql>> groups, StatementPlan plan, StatementPlanner planner,
                    MySqlReplyQueue queue, RoutedCommands commands) {
        new StatementSequence(groups, plan, planner, queue, commands).next();
    }

    private void next() {
        List<PlannedSql> group = groups.get(index);
        List<PlannedExchange.Step> steps = new ArrayList<>();
        for (PlannedSql s : group) {
            steps.add(PlannedExchange.Step.query(s.sql(), s.visible()));
        }
        PlannedExchange.Wrap wrap = group.size() > 1 ? commands.wrap() : PlannedExchange.Wrap.NONE;
        commands.run(new PlannedExchange(steps, wrap, plan, planner, queue, this,
                new PlannedExchange.Sequenced(sequenceId, index < groups.size() - 1)));
    }

    @Override
    public void finished(PlannedExchange exchange) {
        sequenceId = exchange.nextSequenceId();
        index++;
        if (exchange.failed() || index == groups.size()) {
            commands.finished(exchange);
        } else {
            next();
        }
    }

    @Override
    public ByteBuf query(String sql) {
        return commands.query(sql);
    }

    @Override
    public ByteBuf buffer(int capacity) {
        return commands.buffer(capacity);
    }

    @Override
    public void send(ByteBuf payload, PendingReply reply) {
        commands.send(payload, reply);
    }

    @Override
    public boolean deprecateEof() {
        return commands.deprecateEof();
    }
}
