package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The client-to-server byte stream of a session whose statements a planner sees. Walks the message headers of each
 * chunk as {@link PgClientStream} does and shows every message whole to a {@link Messages} handler, which either lets
 * it go as it came or sends what replaces it through {@link #emit}. Messages that go as they came leave as runs of
 * the chunk they arrived in (a read of Bind, Execute and Sync is one write, as without a planner); only a message
 * split across reads is copied, to be shown whole. What one chunk gives is handed on as one buffer when it is a few
 * pieces of small messages (copied together: a replaced Bind with the Execute and Sync after it goes to the server
 * in one {@code send}, as without a planner, not as a {@code writev} of two), else piece by piece.
 *
 * <pre>
 *  chunk:   [Bind][Execute][Sync]          handler: Bind replaced, Execute and Sync as they came
 *  out:     Bind' [Execute][Sync]          (the emitted Bind' and the rest of the chunk, copied into one buffer)
 * </pre>
 */
final class PgClientFrames {

    /** Sees each client message. */
    interface Messages {
        /**
         * @param type    the message type byte
         * @param message the whole message, type and length included; valid during the call only (neither kept
         *                nor released by the handler)
         * @return true to send it as it came, after whatever was emitted before; false when the handler emitted
         *         what replaces it (or dropped it)
         */
        boolean onMessage(byte type, ByteBuf message);
    }

    /** Pieces of one chunk's output under this many bytes in all are copied into one buffer. */
    static final int JOIN_BELOW = 2048;

    private final int maxMessageBytes;
    private final Consumer<ByteBuf> out;
    /** The pieces for the server from the chunk being fed, in order, until its end. */
    private final List<ByteBuf> pending = new ArrayList<>(4);
    private int pendingBytes;
    private Messages messages;
    /** A message split across reads, gathered until whole; null between messages. */
    private ByteBuf partial;
    /** Its whole size, header included, once its header is in; 0 before. */
    private int partialSize;
    private ByteBuf runChunk;
    private int runStart = -1;
    private int runLength;

    /** @param out where the bytes for the server go, in order (takes ownership) */
    PgClientFrames(int maxMessageBytes, Consumer<ByteBuf> out) {
        this.maxMessageBytes = maxMessageBytes;
        this.out = out;
    }

    /** Set once, before the first chunk (the handler is built after the stream it emits through). */
    void messages(Messages handler) {
        this.messages = handler;
    }

    /** Sends {@code buf} (taking ownership) after the bytes let go so far: for the handler's replacements. */
    void emit(ByteBuf buf) {
        flushRun();
        send(buf);
    }

    private void send(ByteBuf buf) {
        if (runChunk == null) {
            out.accept(buf); // outside a chunk: nothing to join it with
            return;
        }
        pending.add(buf);
        pendingBytes += buf.readableBytes();
    }

    /** Hands on the chunk's pieces: one buffer when they are several and small, else as they are. */
    private void sendPending() {
        int n = pending.size();
        if (n == 1) {
            out.accept(pending.get(0));
        } else if (n > 1 && pendingBytes < JOIN_BELOW) {
            ByteBuf joined = pending.get(0).alloc().buffer(pendingBytes);
            for (ByteBuf piece : pending) {
                joined.writeBytes(piece, piece.readerIndex(), piece.readableBytes());
                piece.release();
            }
            out.accept(joined);
        } else {
            pending.forEach(out);
        }
        pending.clear();
        pendingBytes = 0;
    }

    /**
     * Consumes (releases) {@code chunk}, showing each whole message in it to the handler; stops after a Terminate
     * (the bytes after it are not relayed).
     *
     * @throws PgProtocolException on an invalid length, an oversized message or an unknown message type
     */
    PgClientStream.Fed feed(ByteBuf chunk) {
        int i = chunk.readerIndex();
        int end = chunk.writerIndex();
        runChunk = chunk;
        try {
            while (i < end) {
                if (partial != null) {
                    int want = partialSize == 0 ? 5 - partial.readableBytes() : partialSize - partial.readableBytes();
                    int take = Math.min(want, end - i);
                    partial.writeBytes(chunk, i, take);
                    i += take;
                    if (partialSize == 0 && partial.readableBytes() == 5) {
                        partialSize = 1 + PgClientStream.check(partial.getByte(0), partial.getInt(1), maxMessageBytes);
                    }
                    if (partialSize > 0 && partial.readableBytes() == partialSize && gathered()) {
                        return PgClientStream.Fed.TERMINATED;
                    }
                    continue;
                }
                if (end - i < 5) {
                    startPartial(chunk, i, end - i, 0);
                    break;
                }
                byte type = chunk.getByte(i);
                int size = 1 + PgClientStream.check(type, chunk.getInt(i + 1), maxMessageBytes);
                if (end - i < size) {
                    startPartial(chunk, i, end - i, size);
                    break;
                }
                if (messages.onMessage(type, chunk.slice(i, size))) {
                    addRun(i, size);
                }
                i += size;
                if (type == 'X') {
                    return PgClientStream.Fed.TERMINATED;
                }
            }
            return PgClientStream.Fed.MORE;
        } finally {
            flushRun();
            sendPending();
            runChunk = null;
            chunk.release();
        }
    }

    /** The split message is whole: shown, then sent or released. True if it was a Terminate. */
    private boolean gathered() {
        ByteBuf whole = partial;
        partial = null;
        partialSize = 0;
        byte type = whole.getByte(0);
        boolean asIs;
        try {
            asIs = messages.onMessage(type, whole);
        } catch (RuntimeException e) {
            whole.release();
            throw e;
        }
        if (asIs) {
            emit(whole);
        } else {
            whole.release();
        }
        return type == 'X';
    }

    private void startPartial(ByteBuf chunk, int from, int n, int size) {
        partial = chunk.alloc().buffer(Math.max(size, 64));
        partial.writeBytes(chunk, from, n);
        partialSize = size;
    }

    private void addRun(int from, int n) {
        if (runStart >= 0 && runStart + runLength == from) {
            runLength += n;
            return;
        }
        flushRun();
        runStart = from;
        runLength = n;
    }

    private void flushRun() {
        if (runStart < 0) {
            return;
        }
        boolean whole = runStart == runChunk.readerIndex() && runLength == runChunk.readableBytes();
        send(whole ? runChunk.retain() : runChunk.retainedSlice(runStart, runLength));
        runStart = -1;
    }

    /** Releases a message still being gathered (session end). */
    void close() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
