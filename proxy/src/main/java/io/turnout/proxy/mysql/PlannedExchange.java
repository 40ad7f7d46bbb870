package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.mysql.CommandType;
import io.turnout.protocol.mysql.PacketFramer;
import io.turnout.protocol.mysql.ServerStatus;
import io.turnout.proxy.mysql.MySqlReplyQueue.Disposition;
import io.turnout.proxy.mysql.MySqlReplyQueue.PendingReply;
import io.turnout.proxy.mysql.MySqlReplyStream.Emitter;
import io.turnout.proxy.route.StatementPlan;
import io.turnout.proxy.route.StatementPlanner;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The commands the proxy sends for one planned client command that has hidden statements, run in lock step: each
 * command goes out when the previous one has answered without error, so an error stops the rest, and the whole
 * exchange is atomic:
 *
 * <pre>
 *  client in autocommit:     START TRANSACTION, steps..., COMMIT          (ROLLBACK after an error)
 *  client in a transaction:  SAVEPOINT turnout_sp, steps...               (ROLLBACK TO SAVEPOINT after an error)
 * </pre>
 *
 * Lock step (rather than pipelining) is deliberate: some errors (deadlock, lock wait timeout with rollback) end the
 * server's transaction, and a pipelined statement after them would then run in autocommit and stay written.
 * The visible statement's reply is held until the exchange ends; the client then sees it (its own OK with its
 * affected rows and last insert id, its rows, or its own ERR), or, when a hidden command failed, that command's ERR
 * as the reply to its statement. In autocommit a deadlock (which the server answers by rolling the whole
 * transaction back) is retried a few times before the client hears of it: the extra locks of the hidden writes
 * make deadlocks that the client's statement alone would not have met, and the proxy's own transaction held only
 * this exchange. Inside the client's transaction the deadlock is the client's to handle, as ever. In autocommit the IN_TRANS flag the proxy's transaction set is cleared from the
 * visible reply's status flags, so the client sees the session as its statement alone would have left it.
 */
final class PlannedExchange implements MySqlReplyQueue.Listener {

    static final String SAVEPOINT = "turnout_sp";
    static final int ER_LOCK_DEADLOCK = 1213;
    static final int DEADLOCK_RETRIES = 3;

    /** How the exchange is made atomic (NONE: it writes nothing besides the client's own statement). */
    enum Wrap { TRANSACTION, SAVEPOINT, NONE }

    /**
     * One command of the exchange. {@code payload} builds the command payload when it is sent (a hidden EXECUTE
     * needs the id of the PREPARE before it); {@code replied} sees the reader once the reply is in.
     */
    record Step(Function<Payloads, ByteBuf> payload, boolean visible, java.util.function.Consumer<ReplyReader> replied) {
        static Step query(String sql, boolean visible) {
            return new Step(a -> a.query(sql), visible, r -> { });
        }
    }

    /**
     * Allocates payloads, with room for the packet header before them ({@code Packet.withHeaderRoom}): a payload
     * sent is framed in place, one buffer per command.
     */
    interface Payloads {
        ByteBuf query(String sql);

        ByteBuf buffer(int capacity);
    }

    /** Where the exchange sends its commands and says it is over. */
    interface Link extends Payloads {
        /** Frames (sequence id 0) and sends a command payload, best one from {@link #buffer} or {@link #query}. */
        void send(ByteBuf payload, PendingReply reply);

        boolean deprecateEof();

        void finished(PlannedExchange exchange);
    }

    private enum State { RUNNING, FINISHING, DONE }

    private final List<Step> steps;
    private final Wrap wrap;
    private final StatementPlan plan;
    private final StatementPlanner planner;
    private final MySqlReplyQueue queue;
    private final Link link;
    private final long startNanos = System.nanoTime();
    private State state = State.RUNNING;
    private int next;
    private boolean failed;
    private boolean visibleFailed;
    private int errorCode;
    private int retries;
    private ByteBuf error;
    /** Set for one client statement of a multi-statement text ({@link StatementSequence}), else null. */
    private final Sequenced sequenced;
    private int sequenceId;

    /**
     * Where this exchange's reply sits in a multi-result reply: its first packet's sequence id, and whether more
     * results follow (MORE_RESULTS_EXISTS is then set in its status flags).
     */
    record Sequenced(int firstSequenceId, boolean moreResults) {
    }

    PlannedExchange(List<Step> steps, Wrap wrap, StatementPlan plan, StatementPlanner planner, MySqlReplyQueue queue,
                    Link link) {
        this(steps, wrap, plan, planner, queue, link, null);
    }

    PlannedExchange(List<Step> steps, Wrap wrap, StatementPlan plan, StatementPlanner planner, MySqlReplyQueue queue,
                    Link link, Sequenced sequenced) {
        this.sequenced = sequenced;
        this.sequenceId = sequenced == null ? 1 : sequenced.firstSequenceId();
        this.steps = steps;
        this.wrap = wrap;
        this.plan = plan;
        this.planner = planner;
        this.queue = queue;
        this.link = link;
    }

    void start() {
        if (wrap == Wrap.NONE) {
            sendNext();
            return;
        }
        command(link.query(wrap == Wrap.TRANSACTION ? "START TRANSACTION" : "SAVEPOINT " + SAVEPOINT),
                Disposition.DROP);
    }

    private void sendNext() {
        Step s = steps.get(next++);
        command(s.payload().apply(link), s.visible() ? Disposition.HOLD : Disposition.DROP);
    }

    private void command(ByteBuf payload, Disposition disposition) {
        int type = payload.getUnsignedByte(payload.readerIndex());
        link.send(payload, new PendingReply(new ReplyReader(ReplyReader.kindOf(type), link.deprecateEof()),
                disposition, this));
    }

    @Override
    public void replied(PendingReply reply, Emitter emitter) {
        ReplyReader reader = reply.reader;
        if (state == State.FINISHING) {
            if (reader.failed() && !failed) {
                failed = true;
                error = reply.takeError();
            } else if (reader.failed()) {
                // e.g. ROLLBACK TO SAVEPOINT after a deadlock, which rolled the whole transaction back (1305):
                // the first error is the one the client hears
                release(reply.takeError());
            }
            complete(emitter);
            return;
        }
        if (next > 0) {
            steps.get(next - 1).replied().accept(reader);
        }
        if (reader.failed()) {
            failed = true;
            errorCode = reader.errorCode();
            visibleFailed = reply.disposition == Disposition.HOLD;
            error = reply.takeError();
            finish(emitter);
            return;
        }
        if (next < steps.size()) {
            sendNext();
            return;
        }
        finish(emitter);
    }

    private void finish(Emitter emitter) {
        if (wrap == Wrap.TRANSACTION) {
            state = State.FINISHING;
            command(link.query(failed ? "ROLLBACK" : "COMMIT"), Disposition.DROP);
        } else if (failed && wrap == Wrap.SAVEPOINT) {
            state = State.FINISHING;
            command(link.query("ROLLBACK TO SAVEPOINT " + SAVEPOINT), Disposition.DROP);
        } else {
            complete(emitter);
        }
    }

    private void complete(Emitter emitter) {
        if (failed && wrap == Wrap.TRANSACTION && errorCode == ER_LOCK_DEADLOCK && retries < DEADLOCK_RETRIES) {
            retries++;
            queue.discardHeld(emitter);
            close();
            failed = false;
            visibleFailed = false;
            errorCode = 0;
            next = 0;
            sequenceId = sequenced == null ? 1 : sequenced.firstSequenceId();
            state = State.RUNNING;
            start();
            return;
        }
        state = State.DONE;
        if (!failed || visibleFailed) {
            queue.releaseHeld(emitter);
        } else {
            queue.discardHeld(emitter);
            if (error != null) {
                PacketFramer.setSequenceId(error, sequenced == null ? 1 : sequenced.firstSequenceId());
                emitter.toClient(error);
                error = null;
            }
        }
        planner.completed(plan, (System.nanoTime() - startNanos) / 1000, failed);
        link.finished(this);
    }

    /** Whether a command of the exchange failed (the rest was not sent, and the exchange was rolled back). */
    boolean failed() {
        return failed;
    }

    /** The sequence id the next packet to the client takes after this exchange's reply (multi-statement texts). */
    int nextSequenceId() {
        return sequenceId;
    }

    /**
     * In autocommit the visible reply must not show the proxy's transaction; in a multi-statement text it is
     * numbered after the results before it and says whether more follow.
     */
    @Override
    public ByteBuf holding(ByteBuf frame, ReplyReader reader) {
        int clear = wrap == Wrap.TRANSACTION ? ServerStatus.IN_TRANS : 0;
        int set = sequenced != null && sequenced.moreResults() ? ServerStatus.MORE_RESULTS_EXISTS : 0;
        int at = (clear | set) == 0 ? -1 : statusAt(frame, reader);
        if (at < 0 && sequenced == null) {
            return frame;
        }
        ByteBuf copy = frame.alloc().heapBuffer(frame.readableBytes()).writeBytes(frame);
        frame.release();
        if (at >= 0) {
            copy.setShortLE(at, copy.getUnsignedShortLE(at) & ~clear | set);
        }
        if (sequenced != null) {
            PacketFramer.setSequenceId(copy, sequenceId++ & 0xFF);
        }
        return copy;
    }

    /** The index (in the frame) of the status flags of an OK or EOF packet, or -1. */
    private int statusAt(ByteBuf frame, ReplyReader reader) {
        if (frame.readableBytes() < 5) {
            return -1;
        }
        ByteBuf payload = frame.slice(frame.readerIndex() + 4, frame.readableBytes() - 4);
        int first = payload.getUnsignedByte(payload.readerIndex());
        int offset;
        if (first == 0x00 && payload.readableBytes() >= 7 || first == 0xFE && link.deprecateEof()
                && payload.readableBytes() >= 7) {
            offset = ServerStatus.offsetInOk(payload);
        } else if (first == 0xFE && payload.readableBytes() < 9) {
            offset = ServerStatus.offsetInEof(payload);
        } else {
            return -1;
        }
        if (offset < 0 || reader.kind() == ReplyReader.Kind.PREPARE) {
            return -1;
        }
        return offset - payload.readerIndex() + 4;
    }

    private static void release(ByteBuf b) {
        if (b != null) {
            b.release();
        }
    }

    /** Releases a kept error (session end). */
    void close() {
        if (error != null) {
            error.release();
            error = null;
        }
    }

    static ByteBuf queryPayload(ByteBuf out, String sql) {
        out.writeByte(CommandType.COM_QUERY.id());
        out.writeCharSequence(sql, StandardCharsets.UTF_8);
        return out;
    }
}
