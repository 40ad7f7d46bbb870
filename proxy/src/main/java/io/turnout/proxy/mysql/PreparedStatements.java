package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.mysql.CommandType;
import io.turnout.protocol.mysql.MySqlProtocolException;
import io.turnout.protocol.mysql.PacketFramer;
import io.turnout.protocol.mysql.StmtExecute;
import io.turnout.proxy.mysql.MySqlReplyQueue.Disposition;
import io.turnout.proxy.mysql.MySqlReplyQueue.PendingReply;
import io.turnout.proxy.route.PlannedSql;
import io.turnout.proxy.route.PreparedSql;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prepared statements (binary protocol) of one routed session. A client statement a migration concerns is prepared
 * in its primary form (the first visible statement of its plan at PREPARE time), so the client gets a statement id,
 * parameter and column definitions as it expects. Every EXECUTE of it is planned again, so the path is chosen per
 * execution and a phase change or a breaker trip reaches statements prepared long before; each other form the plan
 * needs is prepared once per connection by the proxy (replies dropped) and executed with the client's parameters
 * re-mapped, types always sent.
 */
final class PreparedStatements {

    /** A client statement a migration concerns. */
    private static final class ClientStatement {
        /** The text, with what the planner remembers of it between executions. */
        final PreparedSql sql;
        final String preparedAs;
        final int parameters;
        byte[] types;
        /**
         * Whether the server's statement under the client's id has been sent parameter types. A client sends them
         * only with its first EXECUTE; when that one went to another form, a later EXECUTE of the client's own
         * statement must carry them (the server answers 1210 "Incorrect arguments" otherwise).
         */
        boolean ownTypesBound;
        final Set<Integer> longData = new HashSet<>();

        ClientStatement(PreparedSql sql, String preparedAs, int parameters) {
            this.sql = sql;
            this.preparedAs = preparedAs;
            this.parameters = parameters;
        }
    }

    private final RoutedCommands commands;
    private final StatementPlanner planner;
    private final MySqlReplyQueue queue;
    private final Map<Long, ClientStatement> clients = new HashMap<>();
    /** Proxy-prepared forms on this connection: text to server statement id. */
    private final Map<String, Long> forms = new HashMap<>();

    PreparedStatements(RoutedCommands commands, StatementPlanner planner, MySqlReplyQueue queue) {
        this.commands = commands;
        this.planner = planner;
        this.queue = queue;
    }

    boolean handles(int command) {
        return command == CommandType.COM_STMT_PREPARE.id() || (!clients.isEmpty()
                && (command == CommandType.COM_STMT_EXECUTE.id() || command == CommandType.COM_STMT_CLOSE.id()
                || command == CommandType.COM_STMT_SEND_LONG_DATA.id() || command == CommandType.COM_STMT_RESET.id()));
    }

    /** Takes the frame (a whole command); false (frame untouched) when it must wait for earlier replies. */
    boolean fromClient(int command, ByteBuf frame) {
        ByteBuf payload = frame.slice(frame.readerIndex() + PacketFramer.HEADER_BYTES,
                frame.readableBytes() - PacketFramer.HEADER_BYTES);
        if (command == CommandType.COM_STMT_PREPARE.id()) {
            prepare(frame, payload.toString(1, payload.readableBytes() - 1, StandardCharsets.UTF_8));
            return true;
        }
        long id = payload.readableBytes() >= 5 ? StmtExecute.statementIdOf(payload) : -1;
        ClientStatement cs = clients.get(id);
        if (cs == null) {
            commands.pass(frame, command);
            return true;
        }
        if (command == CommandType.COM_STMT_EXECUTE.id()) {
            return execute(frame, payload, cs);
        }
        if (command == CommandType.COM_STMT_CLOSE.id()) {
            clients.remove(id);
        } else if (command == CommandType.COM_STMT_SEND_LONG_DATA.id() && payload.readableBytes() >= 7) {
            cs.longData.add(payload.getUnsignedShortLE(payload.readerIndex() + 5));
        } else if (command == CommandType.COM_STMT_RESET.id()) {
            cs.longData.clear();
        }
        commands.pass(frame, command);
        return true;
    }

    /** COM_RESET_CONNECTION / COM_CHANGE_USER: the server forgets every prepared statement. */
    void forgetAll() {
        clients.clear();
        forms.clear();
    }

    /**
     * Every statement is followed, also one no migration concerns now: a migration created or switched on later
     * must reach the statements an application prepared at startup.
     */
    private void prepare(ByteBuf frame, String sql) {
        PreparedSql statement = new PreparedSql(sql);
        StatementPlan plan = planner.plan(statement, commands.view());
        PlannedSql primary = plan == null ? null : plan.firstVisible();
        String preparedAs = primary == null || !primary.takesClientParametersInOrder() ? sql : primary.sql();
        MySqlReplyQueue.Listener register = (reply, emitter) -> {
            if (!reply.reader.failed()) {
                clients.put(reply.reader.statementId(), new ClientStatement(statement, preparedAs,
                        reply.reader.preparedParams()));
            }
        };
        PendingReply reply = new PendingReply(new ReplyReader(ReplyReader.Kind.PREPARE, commands.deprecateEof()),
                Disposition.FORWARD, register);
        if (preparedAs.equals(sql)) {
            queue.expect(reply); // the client's own text: its packet goes as it came
            commands.write(frame);
            return;
        }
        frame.release();
        commands.send(prepareCommand(preparedAs), reply);
    }

    /**
     * Most executions are read in place: the types when the packet binds them and the sticky key's value. The
     * packet is split into its values only when they are re-mapped, compared or shadowed.
     */
    private boolean execute(ByteBuf frame, ByteBuf payload, ClientStatement cs) {
        if (!queue.idle() && cs.ownTypesBound && !bindsTypes(payload, cs)
                && planner.plan(cs.sql, commands.view()) == null) {
            commands.pass(frame, CommandType.COM_STMT_EXECUTE.id()); // pipelined, nothing to plan
            return true;
        }
        if (!queue.idle()) {
            return false;
        }
        byte[] bound = null;
        boolean unplannable; // too short, or without types when none were ever bound: the server judges it
        try {
            bound = StmtExecute.boundTypes(payload, cs.parameters);
            unplannable = payload.readableBytes() < 10 || (bound == null && cs.parameters > 0 && cs.types == null);
        } catch (MySqlProtocolException e) {
            unplannable = true;
        }
        if (unplannable) {
            commands.pass(frame, CommandType.COM_STMT_EXECUTE.id());
            return true;
        }
        boolean typesInPacket = bound != null;
        if (typesInPacket) {
            cs.types = bound;
        }
        byte[] types = cs.types;
        StatementPlan plan = planner.plan(cs.sql, commands.view().withParameters(
                n -> BinaryValues.parameter(payload, cs.parameters, types, n)));
        if (plan == null || plan.visibleCount() != 1) {
            passOwn(frame, payload, typesInPacket, cs, commands.forwarded(null));
            return true;
        }
        commands.planned(plan);
        StmtExecute exec = null;
        if (plan.compare() != null || !plan.shadow().isEmpty()) {
            exec = decoded(payload, cs);
            List<Object> values = exec == null ? null : BinaryValues.of(exec);
            plan = values != null ? plan.withParameters(values) : new StatementPlan(plan.statements(),
                    plan.migrationId(), plan.path(), plan.write(), null, plan.shadow(), List.of());
        }
        PlannedSql v = plan.firstVisible();
        boolean own = v.sql().equals(cs.preparedAs) && v.takesClientParametersInOrder();
        if (!plan.hasHiddenStatements() && own) {
            passOwn(frame, payload, typesInPacket, cs, commands.forwarded(plan));
            return true;
        }
        if (!cs.longData.isEmpty()) {
            frame.release();
            commands.refuse(new MySqlProxyException(MySqlProxyException.UNSUPPORTED_STATEMENT, "0A000", "Turnout: "
                    + "parameters sent with COM_STMT_SEND_LONG_DATA cannot be re-sent to the other shape of "
                    + "migration " + plan.migrationId() + "; bind them as values (e.g. setBytes, not setBinaryStream)"));
            return true;
        }
        if (plan.statements().size() == 1 && !own && forms.containsKey(v.sql())) {
            sendForm(frame, payload, cs, v, plan); // one visible form, prepared before: no exchange to run
            return true;
        }
        if (exec == null) {
            exec = decoded(payload, cs);
        }
        if (exec == null) {
            passOwn(frame, payload, typesInPacket, cs, commands.forwarded(null)); // the server judges it
            return true;
        }
        frame.release();
        StmtExecute decoded = exec;
        long clientId = exec.statementId();
        List<PlannedExchange.Step> steps = new ArrayList<>();
        if (own) {
            cs.ownTypesBound = true; // re-encoded below: types always sent
        }
        for (PlannedSql s : plan.statements()) {
            boolean mine = s.visible() && own;
            if (!mine && !forms.containsKey(s.sql())) {
                steps.add(new PlannedExchange.Step(a -> prepareCommand(s.sql()), false, r -> {
                    if (!r.failed()) {
                        forms.put(s.sql(), r.statementId());
                    }
                }));
            }
            int flags = s.visible() ? exec.flags() : 0;
            steps.add(new PlannedExchange.Step(a -> {
                long target = mine ? clientId : forms.getOrDefault(s.sql(), -1L);
                ByteBuf out = a.buffer(64);
                decoded.forStatement(target, flags, mine ? null : s.params()).encode(out);
                return out;
            }, s.visible(), r -> { }));
        }
        commands.run(new PlannedExchange(steps, plan.hasHiddenStatements() ? commands.wrap()
                : PlannedExchange.Wrap.NONE, plan, planner, queue, commands));
        return true;
    }

    /** The execution split into its values, or null when the packet is malformed. */
    private static StmtExecute decoded(ByteBuf payload, ClientStatement cs) {
        try {
            return StmtExecute.decode(payload, cs.parameters, cs.types);
        } catch (MySqlProtocolException e) {
            return null;
        }
    }

    /**
     * The EXECUTE re-encoded for the one form the plan runs instead of the client's statement, its reply forwarded
     * as it comes: what a one-step {@link PlannedExchange} without a wrap would do, without holding the reply. A
     * form that takes the client's parameters in order gets the packet's values as they are.
     */
    private void sendForm(ByteBuf frame, ByteBuf payload, ClientStatement cs, PlannedSql form, StatementPlan plan) {
        long formId = forms.get(form.sql());
        ByteBuf out = commands.buffer(payload.readableBytes() + 2 * cs.parameters + 1);
        try {
            if (form.takesParametersAsSent(cs.parameters)) {
                StmtExecute.retarget(payload, cs.parameters, cs.types, formId, out);
            } else {
                StmtExecute exec = StmtExecute.decode(payload, cs.parameters, cs.types);
                exec.forStatement(formId, exec.flags(), form.params()).encode(out);
            }
        } catch (MySqlProtocolException e) {
            out.release(); // malformed: the client's own statement gets it and the server judges it
            passOwn(frame, payload, false, cs, commands.forwarded(null));
            return;
        }
        frame.release();
        commands.send(out, commands.forwarded(plan));
    }

    /**
     * The client's EXECUTE of its own statement: as it came, unless the server's statement has never been sent
     * parameter types and this EXECUTE omits them; then re-encoded with the types the session learned.
     */
    private void passOwn(ByteBuf frame, ByteBuf payload, boolean typesInPacket, ClientStatement cs,
                         PendingReply reply) {
        if (cs.ownTypesBound || cs.parameters == 0 || typesInPacket) {
            cs.ownTypesBound = true;
            queue.expect(reply);
            commands.write(frame);
            return;
        }
        ByteBuf out = commands.buffer(payload.readableBytes() + 2 * cs.parameters);
        try {
            StmtExecute.retarget(payload, cs.parameters, cs.types, StmtExecute.statementIdOf(payload), out);
        } catch (MySqlProtocolException e) {
            out.release();
            queue.expect(reply);
            commands.write(frame); // the server judges it
            return;
        }
        frame.release();
        cs.ownTypesBound = true;
        commands.send(out, reply);
    }

    /** Whether this EXECUTE carries parameter types the session must learn (or may: then it is decoded). */
    private static boolean bindsTypes(ByteBuf payload, ClientStatement cs) {
        return cs.parameters > 0 && (cs.types == null || StmtExecute.mayBindTypes(payload, cs.parameters));
    }

    private ByteBuf prepareCommand(String sql) {
        ByteBuf out = commands.buffer(1 + sql.length() * 3);
        out.writeByte(CommandType.COM_STMT_PREPARE.id());
        out.writeCharSequence(sql, StandardCharsets.UTF_8);
        return out;
    }
}
