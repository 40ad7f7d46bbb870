package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.turnout.protocol.pg.message.Bind;
import io.turnout.protocol.pg.message.Close;
import io.turnout.protocol.pg.message.Describe;
import io.turnout.protocol.pg.message.Execute;
import io.turnout.protocol.pg.message.Parse;
import io.turnout.protocol.pg.message.PgMessage;
import io.turnout.protocol.pg.message.PgMessages;
import io.turnout.protocol.pg.message.PgWire;
import io.turnout.proxy.route.PlannedSql;
import io.turnout.proxy.route.PreparedSql;
import io.turnout.proxy.route.SessionView;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Applies statement plans to the extended query protocol. A client statement that a migration concerns is parsed
 * under the client's name in its primary form (so Describe answers as the client expects), but every execution is
 * planned again at Bind time — the path is chosen per execution, and a phase change reaches statements prepared long
 * before. Each form the plan needs is prepared once per server connection under a proxy-owned name; hidden
 * statements are bound and executed on a proxy-owned portal around the client's own Execute, and their replies are
 * removed by the {@link ExtendedGroup} expectations recorded here as each message is sent.
 */
final class PgExtendedRouter {

    private static final String HIDDEN_PORTAL = "turnout_p";

    /**
     * A client statement a migration concerns: its text (with what the planner remembers of it), its parameter
     * types, and the form its name was parsed as (text, and the client parameters its placeholders take, or null).
     */
    private record ClientStatement(PreparedSql statement, List<Integer> types, String parsedAs,
                                   List<Integer> parsedParams) {
    }

    /** A form prepared on the server connection: its text and parameter types (no string built per Bind). */
    private record FormKey(String sql, List<Integer> types) {
    }

    private record PortalPlan(StatementPlan plan, List<PlannedSql> after, Bind bind, ClientStatement statement) {
    }

    private final StatementPlanner planner;
    private final PgReplyQueue replies;
    private final Supplier<SessionView> session;
    private final Consumer<StatementPlan> planned;
    private final Consumer<ByteBuf> toServer;
    private final ByteBufAllocator alloc;
    private final Consumer<String> parsed;
    private final Map<String, ClientStatement> clientStatements = new HashMap<>();
    private final Map<FormKey, String> serverStatements = new HashMap<>();
    private final Map<String, PortalPlan> portals = new HashMap<>();
    private ExtendedGroup group;
    private int names;

    PgExtendedRouter(StatementPlanner planner, PgReplyQueue replies, Supplier<SessionView> session,
                     Consumer<StatementPlan> planned, Consumer<ByteBuf> toServer, ByteBufAllocator alloc,
                     Consumer<String> parsed) {
        this.parsed = parsed;
        this.planner = planner;
        this.replies = replies;
        this.session = session;
        this.planned = planned;
        this.toServer = toServer;
        this.alloc = alloc;
    }

    /**
     * One of P, B, E, D, C, S, H, valid during the call only.
     *
     * @return true when it goes to the server as it came; false when what replaces it was sent to {@code toServer}
     */
    boolean onMessage(byte type, ByteBuf frame) {
        if (group == null) {
            group = replies.openExtended();
        }
        switch (type) {
            case 'P' -> {
                return parse(frame);
            }
            case 'B' -> {
                return bind(frame);
            }
            case 'E' -> {
                return execute(frame);
            }
            case 'D' -> {
                Describe d = Describe.decode(PgWire.payload(frame));
                return visible(d.kind() == 'S' ? ExtendedGroup.Kind.DESCRIBE_STATEMENT
                        : ExtendedGroup.Kind.DESCRIBE_PORTAL);
            }
            case 'C' -> {
                Close c = Close.decode(PgWire.payload(frame));
                if (c.kind() == 'S') {
                    clientStatements.remove(c.name());
                } else {
                    portals.remove(c.name());
                }
                return visible(ExtendedGroup.Kind.CLOSE);
            }
            case 'S' -> {
                visible(ExtendedGroup.Kind.SYNC);
                group = null;
                return true;
            }
            default -> {
                return true; // Flush and COPY sub-protocol messages: no reply of their own
            }
        }
    }

    /** A simple Query arrived: it ends any open pipeline, and DISCARD/DEALLOCATE ALL drop our statements too. */
    void onSimpleQuery(String sql) {
        group = null;
        forgetStatementsIfDiscarded(sql);
    }

    private void forgetStatementsIfDiscarded(String sql) {
        String head = sql.stripLeading().toUpperCase(java.util.Locale.ROOT);
        if (head.startsWith("DISCARD ALL") || head.startsWith("DEALLOCATE ALL")
                || head.startsWith("DEALLOCATE PREPARE ALL")) {
            serverStatements.clear();
        }
    }

    private boolean parse(ByteBuf frame) {
        Parse p = Parse.decode(PgWire.payload(frame));
        forgetStatementsIfDiscarded(p.sql());
        parsed.accept(p.sql());
        PreparedSql statement = new PreparedSql(p.sql());
        StatementPlan plan = planner.plan(statement, session.get());
        PlannedSql primary = plan == null ? null : plan.firstVisible();
        if (primary == null) {
            clientStatements.remove(p.statement());
            return visible(ExtendedGroup.Kind.PARSE);
        }
        clientStatements.put(p.statement(), new ClientStatement(statement, p.parameterTypes(), primary.sql(),
                primary.params()));
        if (primary.sql().equals(p.sql()) && primary.params() == null) {
            return visible(ExtendedGroup.Kind.PARSE);
        }
        send(new Parse(p.statement(), primary.sql(), mapTypes(p.parameterTypes(), primary.params())));
        group.expect(ExtendedGroup.Expectation.visible(ExtendedGroup.Kind.PARSE));
        return false;
    }

    private boolean bind(ByteBuf frame) {
        if (clientStatements.isEmpty() && portals.isEmpty()) {
            return visible(ExtendedGroup.Kind.BIND); // nothing planned on this connection: no need to decode
        }
        ByteBuf names = PgWire.payload(frame);
        String portal = PgWire.readString(names);
        ClientStatement cs = clientStatements.get(PgWire.readString(names));
        if (cs == null) {
            // a statement no migration concerns: relayed as it came, its values never decoded
            portals.remove(portal);
            return visible(ExtendedGroup.Kind.BIND);
        }
        StatementPlan plan = planner.plan(cs.statement(),
                session.get().withParameters(n -> BoundValues.parameter(names, cs.types(), n)));
        PlannedSql visible = plan == null ? null : plan.firstVisible();
        if (visible == null) {
            portals.remove(portal);
            return visible(ExtendedGroup.Kind.BIND);
        }
        planned.accept(plan);
        int v = plan.statements().indexOf(visible);
        boolean asParsed = visible.sql().equals(cs.parsedAs())
                && java.util.Objects.equals(visible.params(), cs.parsedParams())
                && visible.takesParametersAsSent(BoundValues.count(names));
        if (asParsed && plan.statements().size() == 1 && plan.compare() == null && plan.shadow().isEmpty()) {
            // the usual read or write on the path the statement was parsed for: the values are never decoded
            portals.put(portal, new PortalPlan(plan, List.of(), null, cs));
            return visible(ExtendedGroup.Kind.BIND);
        }
        if (!asParsed && visible.params() == null && plan.statements().size() == 1 && plan.compare() == null
                && plan.shadow().isEmpty()) {
            // the usual read on the other path: the client's Bind with the form's name, the rest copied as it came
            String server = prepared(visible.sql(), cs.types());
            ByteBuf out = alloc.buffer(frame.readableBytes() + 3 * server.length() + 1);
            int lengthIndex = PgWire.beginMessage(out, PgMessages.Frontend.BIND);
            PgWire.writeString(out, portal);
            PgWire.writeString(out, server);
            out.writeBytes(names, names.readerIndex(), names.readableBytes());
            PgWire.endMessage(out, lengthIndex);
            toServer.accept(out);
            group.expect(ExtendedGroup.Expectation.visible(ExtendedGroup.Kind.BIND));
            portals.put(portal, new PortalPlan(plan, List.of(), null, cs));
            return false;
        }
        Bind b = Bind.decode(PgWire.payload(frame));
        if (plan.compare() != null || !plan.shadow().isEmpty()) {
            List<Object> values = BoundValues.of(b, cs.types());
            // undecodable values: no compare; shadow writes then fail visibly in the shadow writer's failure count
            plan = values != null ? plan.withParameters(values)
                    : new StatementPlan(plan.statements(), plan.migrationId(), plan.path(), plan.write(), null,
                            plan.shadow(), List.of());
        }
        for (int i = 0; i < v; i++) {
            runHidden(plan.statements().get(i), b, cs, false);
        }
        if (asParsed) {
            // after the hidden statements sent above: sent now rather than relayed with the messages around it
            toServer.accept(frame.retainedSlice());
            group.expect(ExtendedGroup.Expectation.visible(ExtendedGroup.Kind.BIND));
        } else {
            String server = prepared(visible.sql(), mapTypes(cs.types(), visible.params()));
            send(new Bind(b.portal(), server, mapFormats(b, visible.params()), mapValues(b, visible.params()),
                    b.resultFormats()));
            group.expect(ExtendedGroup.Expectation.visible(ExtendedGroup.Kind.BIND));
        }
        portals.put(b.portal(), new PortalPlan(plan, plan.statements().subList(v + 1, plan.statements().size()), b,
                cs));
        return false;
    }

    private boolean execute(ByteBuf frame) {
        if (portals.isEmpty()) {
            return visible(ExtendedGroup.Kind.EXECUTE);
        }
        Execute ex = Execute.decode(PgWire.payload(frame));
        PortalPlan pp = portals.get(ex.portal());
        if (pp == null) {
            return visible(ExtendedGroup.Kind.EXECUTE);
        }
        boolean hiddenAfter = !pp.after().isEmpty();
        ExtendedGroup.Expectation measured = new ExtendedGroup.Expectation(ExtendedGroup.Kind.EXECUTE, true,
                hiddenAfter, false, pp.plan(), null);
        if (!hiddenAfter) {
            group.expect(measured);
            return true;
        }
        toServer.accept(frame.retainedSlice()); // before the hidden statements that follow it
        group.expect(measured);
        for (int i = 0; i < pp.after().size(); i++) {
            runHidden(pp.after().get(i), pp.bind(), pp.statement(), i == pp.after().size() - 1);
        }
        portals.remove(ex.portal());
        return false;
    }

    /** Bind + Execute + Close of one hidden statement on the proxy's portal. */
    private void runHidden(PlannedSql s, Bind b, ClientStatement cs, boolean releaseAfter) {
        String server = prepared(s.sql(), mapTypes(cs.types(), s.params()));
        send(new Bind(HIDDEN_PORTAL, server, mapFormats(b, s.params()), mapValues(b, s.params()), List.of()));
        group.expect(ExtendedGroup.Expectation.hidden(ExtendedGroup.Kind.BIND, false, null));
        send(new Execute(HIDDEN_PORTAL, 0));
        group.expect(ExtendedGroup.Expectation.hidden(ExtendedGroup.Kind.EXECUTE, false, null));
        send(new Close('P', HIDDEN_PORTAL));
        group.expect(ExtendedGroup.Expectation.hidden(ExtendedGroup.Kind.CLOSE, releaseAfter, null));
    }

    /** The proxy-owned prepared statement for this text and these types, parsed now if this connection lacks it. */
    private String prepared(String sql, List<Integer> types) {
        FormKey key = new FormKey(sql, types);
        String name = serverStatements.get(key);
        if (name == null) {
            name = "turnout_" + (++names);
            serverStatements.put(key, name);
            send(new Parse(name, sql, types));
            group.expect(ExtendedGroup.Expectation.hidden(ExtendedGroup.Kind.PARSE, false,
                    () -> serverStatements.remove(key)));
        }
        return name;
    }

    /** A message relayed as the client sent it: its replies are the client's. Always true (relay it). */
    private boolean visible(ExtendedGroup.Kind kind) {
        group.expect(ExtendedGroup.Expectation.visible(kind));
        return true;
    }

    private void send(PgMessage m) {
        ByteBuf out = alloc.buffer();
        m.encode(out);
        toServer.accept(out);
    }

    static List<Integer> mapTypes(List<Integer> types, List<Integer> params) {
        if (params == null) {
            return types;
        }
        List<Integer> out = new ArrayList<>(params.size());
        for (int p : params) {
            out.add(p - 1 < types.size() ? types.get(p - 1) : 0);
        }
        return out;
    }

    static List<Short> mapFormats(Bind b, List<Integer> params) {
        List<Short> f = b.parameterFormats();
        if (params == null || f.size() <= 1) {
            return f;
        }
        List<Short> out = new ArrayList<>(params.size());
        for (int p : params) {
            out.add(f.get(p - 1));
        }
        return out;
    }

    static List<byte[]> mapValues(Bind b, List<Integer> params) {
        if (params == null) {
            return b.parameters();
        }
        List<byte[]> out = new ArrayList<>(params.size());
        for (int p : params) {
            out.add(b.parameters().get(p - 1));
        }
        return out;
    }
}
