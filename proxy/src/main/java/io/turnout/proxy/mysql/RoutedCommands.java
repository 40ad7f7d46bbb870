package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.turnout.protocol.mysql.Capabilities;
import io.turnout.protocol.mysql.CommandType;
import io.turnout.protocol.mysql.Packet;
import io.turnout.protocol.mysql.PacketFramer;
import io.turnout.protocol.mysql.ServerStatus;
import io.turnout.proxy.mysql.MySqlReplyQueue.Disposition;
import io.turnout.proxy.mysql.MySqlReplyQueue.PendingReply;
import io.turnout.proxy.route.PlannedSql;
import io.turnout.proxy.route.SessionView;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;
import io.turnout.routing.model.Shape;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The command phase of a session whose listener applies migrations. Every command's reply is followed
 * ({@link MySqlReplyQueue}, {@link MySqlReplyStream}); COM_QUERY text and prepared statements
 * ({@link PreparedStatements}) go through the planner:
 *
 * <pre>
 *  plan == null                 the client's packet, untouched
 *  one visible statement        that statement instead, its reply forwarded as it comes
 *  hidden statements too        a {@link PlannedExchange} in lock step; later client commands wait for it
 * </pre>
 *
 * A planned command also waits until every earlier reply is in, so the transaction state it is planned against
 * (the IN_TRANS / AUTOCOMMIT flags of the last OK or EOF) is exact.
 */
final class RoutedCommands implements PlannedExchange.Link {

    /** Lets the relay stop and resume reading the client while commands wait. */
    interface ClientReads {
        void pause();

        void resume();
    }

    private final Channel client;
    private final Channel upstream;
    private final StatementPlanner planner;
    private final long stickyKey;
    private final int capabilities;
    private final ClientReads reads;
    private final MySqlReplyQueue queue;
    private final MySqlReplyStream stream;
    private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
    private final Consumer<ByteBuf> toClient;
    private final PreparedStatements prepared;
    private PlannedExchange running;
    private Shape transactionPath;
    private boolean continuation;
    /** Whether the server accepts multi-statement texts: the capability, or COM_SET_OPTION since (Connector/J). */
    private boolean multiStatements;

    private final BiFunction<ByteBuf, Integer, CommandRelay.KillRewrite> kills;

    RoutedCommands(Channel client, Channel upstream, StatementPlanner planner, long stickyKey, int capabilities,
                   ClientReads reads, BiFunction<ByteBuf, Integer, CommandRelay.KillRewrite> kills, int status) {
        this.kills = kills;
        this.queue = new MySqlReplyQueue(this::ready);
        this.stream = new MySqlReplyStream(queue);
        if (status >= 0) {
            queue.seedStatus(status);
        }
        this.client = client;
        this.toClient = b -> client.write(b, client.voidPromise());
        this.upstream = upstream;
        this.planner = planner;
        this.stickyKey = stickyKey;
        this.capabilities = capabilities;
        this.multiStatements = Capabilities.has(capabilities, Capabilities.CLIENT_MULTI_STATEMENTS);
        this.reads = reads;
        this.prepared = new PreparedStatements(this, planner, queue);
    }

    /** A client frame (owned here). */
    void fromClient(ByteBuf frame) {
        if (running != null || !waiting.isEmpty()) {
            waiting.addLast(frame);
            reads.pause();
            return;
        }
        if (!handle(frame)) {
            waiting.addLast(frame);
            reads.pause();
        }
    }

    /** Server bytes (owned here). */
    void fromUpstream(ByteBuf bytes) {
        stream.feed(bytes, toClient);
        drain();
    }

    private void drain() {
        boolean wrote = false;
        while (running == null && !waiting.isEmpty()) {
            if (!handle(waiting.peekFirst())) {
                break;
            }
            waiting.pollFirst();
            wrote = true;
        }
        if (wrote) {
            upstream.flush();
            client.flush();
        }
        if (running == null && waiting.isEmpty()) {
            reads.resume();
        }
    }

    /** Handles one client frame; false (frame untouched) when it must wait for earlier replies. */
    private boolean handle(ByteBuf frame) {
        int length = PacketFramer.payloadLength(frame);
        boolean commandStart = !continuation && PacketFramer.sequenceId(frame) == 0 && length > 0;
        if (!commandStart) {
            continuation = length == PacketFramer.MAX_PAYLOAD;
            upstream.write(frame, upstream.voidPromise());
            return true;
        }
        int command = frame.getUnsignedByte(frame.readerIndex() + PacketFramer.HEADER_BYTES);
        boolean chained = length == PacketFramer.MAX_PAYLOAD;
        boolean handled;
        CommandRelay.KillRewrite kill = command == CommandType.COM_QUERY.id()
                || command == CommandType.COM_PROCESS_KILL.id() ? kills.apply(frame, length) : null;
        if (kill != null) {
            if (kill.refusal() != null && !queue.idle()) {
                return false;
            }
            frame.release();
            if (kill.refusal() != null) {
                refuse(kill.refusal());
            } else {
                pass(kill.frame(), command);
            }
            handled = true;
        } else if (command == CommandType.COM_QUERY.id() && !chained) {
            handled = plannedQuery(frame, length);
        } else if (!chained && prepared.handles(command)) {
            handled = prepared.fromClient(command, frame);
        } else {
            if (command == CommandType.COM_SET_OPTION.id() && length >= 3) {
                multiStatements = frame.getUnsignedShortLE(frame.readerIndex() + PacketFramer.HEADER_BYTES + 1) == 0;
            }
            if (command == CommandType.COM_RESET_CONNECTION.id() || command == CommandType.COM_CHANGE_USER.id()) {
                prepared.forgetAll();
            }
            pass(frame, command);
            handled = true;
        }
        if (handled) {
            continuation = chained;
        }
        return handled;
    }

    void pass(ByteBuf frame, int command) {
        queue.expect(new PendingReply(new ReplyReader(ReplyReader.kindOf(command), deprecateEof()),
                Disposition.FORWARD, null));
        upstream.write(frame, upstream.voidPromise());
    }

    private boolean plannedQuery(ByteBuf frame, int length) {
        int start = frame.readerIndex() + PacketFramer.HEADER_BYTES + 1;
        String sql = frame.toString(start, length - 1, StandardCharsets.UTF_8);
        StatementPlan plan = planner.plan(sql, view());
        if (plan == null) {
            pass(frame, CommandType.COM_QUERY.id());
            return true;
        }
        if (!queue.idle()) {
            return false; // planned again once earlier replies are in: the transaction state is then exact
        }
        int visible = plan.visibleCount();
        if (visible > 1 && !multiStatements) {
            pass(frame, CommandType.COM_QUERY.id()); // the server refuses it as it would refuse the original
            return true;
        }
        List<List<PlannedSql>> groups = visible > 1 ? StatementSequence.groups(plan) : null;
        if (visible != 1 && groups == null) {
            frame.release();
            refuse(new MySqlProxyException(MySqlProxyException.UNSUPPORTED_STATEMENT, "0A000", "Turnout: this "
                    + "multi-statement text touches migration " + plan.migrationId() + " and would need "
                    + visible + " visible results around hidden writes; send its statements one by one"));
            return true;
        }
        planned(plan);
        if (!plan.hasHiddenStatements()) {
            PendingReply reply = forwarded(plan);
            String routed = groups == null ? plan.firstVisible().sql() : plan.joinedSql();
            if (routed.equals(sql)) {
                queue.expect(reply); // the text to run is the client's own: its packet goes as it came
                write(frame);
            } else {
                frame.release();
                send(query(routed), reply);
            }
            return true;
        }
        frame.release();
        if (groups != null) {
            StatementSequence.run(groups, plan, planner, queue, this);
            return true;
        }
        List<PlannedExchange.Step> steps = new ArrayList<>();
        for (PlannedSql s : plan.statements()) {
            steps.add(PlannedExchange.Step.query(s.sql(), s.visible()));
        }
        run(new PlannedExchange(steps, wrap(), plan, planner, queue, this));
        return true;
    }

    /**
     * The reply to a query or execution, forwarded as it comes; with a plan, the statement's latency and outcome go
     * to the planner when the reply ends (timed from now).
     */
    PendingReply forwarded(StatementPlan plan) {
        ReplyReader reader = new ReplyReader(ReplyReader.Kind.QUERY, deprecateEof());
        if (plan == null) {
            return new PendingReply(reader, Disposition.FORWARD, null);
        }
        long started = System.nanoTime();
        return new PendingReply(reader, Disposition.FORWARD,
                (r, e) -> planner.completed(plan, (System.nanoTime() - started) / 1000, r.reader.failed()));
    }

    void write(ByteBuf frame) {
        upstream.write(frame, upstream.voidPromise());
    }

    void run(PlannedExchange exchange) {
        running = exchange;
        exchange.start();
    }

    /** An error of the proxy's own as the reply to the current command (only when no reply is pending). */
    void refuse(MySqlProxyException e) {
        client.write(ErrFrames.frame(client.alloc(), 1, e), client.voidPromise());
        client.flush();
    }

    PlannedExchange.Wrap wrap() {
        int status = queue.serverStatus();
        return (status & ServerStatus.IN_TRANS) != 0 || (status & ServerStatus.AUTOCOMMIT) == 0
                ? PlannedExchange.Wrap.SAVEPOINT : PlannedExchange.Wrap.TRANSACTION;
    }

    /** The session as the planner sees it; outside a transaction the transaction's path is forgotten. */
    SessionView view() {
        boolean inTransaction = (queue.serverStatus() & ServerStatus.IN_TRANS) != 0;
        if (!inTransaction) {
            transactionPath = null;
        }
        return new SessionView(stickyKey, inTransaction, transactionPath);
    }

    /**
     * A transaction keeps the path of its first planned read. With autocommit off the read itself opens the
     * transaction (the status says IN_TRANS only afterwards).
     */
    void planned(StatementPlan plan) {
        int status = queue.serverStatus();
        boolean opensOrIn = (status & ServerStatus.IN_TRANS) != 0 || (status & ServerStatus.AUTOCOMMIT) == 0;
        if (!plan.write() && opensOrIn && transactionPath == null) {
            transactionPath = plan.path();
        }
    }

    boolean queueIdle() {
        return queue.idle();
    }

    // ---- PlannedExchange.Link ---------------------------------------------------------------------------------

    @Override
    public ByteBuf query(String sql) {
        return PlannedExchange.queryPayload(buffer(1 + sql.length() * 3), sql);
    }

    @Override
    public ByteBuf buffer(int capacity) {
        return Packet.withHeaderRoom(upstream.alloc(), capacity);
    }

    @Override
    public void send(ByteBuf payload, PendingReply reply) {
        queue.expect(reply);
        upstream.writeAndFlush(Packet.encodeInRoom(upstream.alloc(), 0, payload).frames(), upstream.voidPromise());
    }

    @Override
    public boolean deprecateEof() {
        return Capabilities.has(capabilities, Capabilities.CLIENT_DEPRECATE_EOF);
    }

    @Override
    public void finished(PlannedExchange exchange) {
        if (running == exchange) {
            running = null;
        }
        ready(queue.serverStatus());
    }

    /** A client command has its whole reply: the planner learns the transaction state (shadow writes wait on it). */
    private void ready(int status) {
        planner.ready((status & ServerStatus.IN_TRANS) != 0 ? 'T' : 'I');
    }

    /** Session end. */
    void close() {
        waiting.forEach(ByteBuf::release);
        waiting.clear();
        if (running != null) {
            running.close();
        }
        stream.close();
        queue.close();
    }
}
