package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.mysql.ServerStatus;
import io.turnout.proxy.mysql.MySqlReplyStream.Emitter;
import io.turnout.proxy.mysql.MySqlReplyStream.Fate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The replies the server still owes, one {@link PendingReply} per command in the order the commands went out (the
 * pending-reply queue of pgjdbc, as its own class), so replies are matched to commands even when the client
 * pipelines. A reply is forwarded, dropped (the proxy's own hidden commands; an ERR is kept for the exchange that
 * sent it) or held (a visible reply waiting for the rest of its exchange). Also keeps the server status flags of the
 * last OK / EOF, which say whether the session is in a transaction.
 */
final class MySqlReplyQueue {

    /** How the packets of one reply are treated. */
    enum Disposition { FORWARD, HOLD, DROP }

    /** Told when a reply has ended; may emit through the emitter. */
    interface Listener {
        void replied(PendingReply reply, Emitter emitter);

        /** A whole packet of a held reply, before it is held: may return a patched copy (owns {@code frame}). */
        default ByteBuf holding(ByteBuf frame, ReplyReader reader) {
            return frame;
        }
    }

    /** One reply the server owes. */
    static final class PendingReply {
        final ReplyReader reader;
        final Disposition disposition;
        final Listener listener;
        /** For a dropped reply that failed: its ERR frame (header included), owned by whoever takes it. */
        ByteBuf error;

        PendingReply(ReplyReader reader, Disposition disposition, Listener listener) {
            this.reader = reader;
            this.disposition = disposition;
            this.listener = listener;
        }

        ByteBuf takeError() {
            ByteBuf e = error;
            error = null;
            return e;
        }
    }

    private final ArrayDeque<PendingReply> pending = new ArrayDeque<>();
    private final List<ByteBuf> held = new ArrayList<>();
    private final IntConsumer ready;
    private int serverStatus = ServerStatus.AUTOCOMMIT;

    MySqlReplyQueue() {
        this(status -> { });
    }

    /** @param ready told the server status flags each time the reply to a client command has ended */
    MySqlReplyQueue(IntConsumer ready) {
        this.ready = ready;
    }

    void expect(PendingReply reply) {
        if (!reply.reader.done()) {
            pending.addLast(reply);
        }
    }

    boolean idle() {
        return pending.isEmpty();
    }

    /** The status flags of the authentication OK, before any command. */
    void seedStatus(int status) {
        serverStatus = status;
    }

    /** The status flags of the last OK or EOF the server sent. */
    int serverStatus() {
        return serverStatus;
    }

    Fate head(int payloadLength, int firstByte) {
        PendingReply r = pending.peekFirst();
        if (r == null) {
            return Fate.FORWARD;
        }
        if (r.reader.wantsWhole(firstByte, payloadLength)) {
            return Fate.WHOLE;
        }
        return fate(r);
    }

    /** While the reply at the head is in its rows ({@link ReplyReader#inRows}): the fate of a row, else null. */
    Fate rowFate() {
        PendingReply r = pending.peekFirst();
        return r != null && r.reader.inRows() ? fate(r) : null;
    }

    private static Fate fate(PendingReply r) {
        return switch (r.disposition) {
            case FORWARD -> Fate.FORWARD;
            case HOLD -> Fate.HOLD;
            case DROP -> Fate.DROP;
        };
    }

    /** Whether a packet now goes to the client as it is (the reply at the head is forwarded, or none is pending). */
    boolean forwardsHead() {
        PendingReply r = pending.peekFirst();
        return r == null || r.disposition == Disposition.FORWARD;
    }

    /**
     * A packet read whole that the walker forwards itself, in its run ({@link #forwardsHead} was true): read, not
     * owned. Whatever the reply's end emits goes after it.
     */
    void seen(ByteBuf frame, Emitter emitter) {
        PendingReply r = pending.peekFirst();
        if (r != null) {
            read(r, frame);
            ended(r, emitter);
        }
    }

    private void read(PendingReply r, ByteBuf frame) {
        r.reader.whole(frame.slice(frame.readerIndex() + 4, frame.readableBytes() - 4));
        if (r.reader.statusFlags() >= 0) {
            serverStatus = r.reader.statusFlags();
        }
    }

    /** A packet read whole (owned here now). */
    void whole(ByteBuf frame, Emitter emitter) {
        PendingReply r = pending.peekFirst();
        if (r == null) {
            emitter.toClient(frame);
            return;
        }
        read(r, frame);
        switch (r.disposition) {
            case FORWARD -> emitter.toClient(frame);
            case HOLD -> {
                emitter.settle();
                held.add(r.listener == null ? frame : r.listener.holding(frame, r.reader));
            }
            case DROP -> {
                if (r.reader.failed() && r.reader.done() && r.error == null) {
                    r.error = frame;
                } else {
                    frame.release();
                }
            }
        }
        ended(r, emitter);
    }

    /** A packet that was not read whole ended. */
    void streamed(Emitter emitter) {
        PendingReply r = pending.peekFirst();
        if (r != null) {
            r.reader.streamed();
            ended(r, emitter);
        }
    }

    private void ended(PendingReply r, Emitter emitter) {
        if (!r.reader.done()) {
            return;
        }
        pending.removeFirst();
        if (r.listener != null) {
            r.listener.replied(r, emitter);
        }
        if (r.disposition == Disposition.FORWARD) {
            ready.accept(serverStatus);
        }
    }

    void hold(ByteBuf bytes) {
        held.add(bytes);
    }

    /** Sends what is held to the client, in order. */
    void releaseHeld(Emitter emitter) {
        emitter.settle();
        for (ByteBuf b : held) {
            emitter.toClient(b);
        }
        held.clear();
    }

    void discardHeld(Emitter emitter) {
        emitter.settle();
        held.forEach(ByteBuf::release);
        held.clear();
    }

    /** Session end: releases everything held. */
    void close() {
        held.forEach(ByteBuf::release);
        held.clear();
        for (PendingReply r : pending) {
            if (r.error != null) {
                r.error.release();
            }
        }
        pending.clear();
    }
}
