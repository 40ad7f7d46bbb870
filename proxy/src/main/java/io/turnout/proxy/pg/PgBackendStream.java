package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks the server-to-client byte stream frame by frame without copying it: reads only the 5-byte headers, asks the
 * {@link PgReplyQueue} what to do with each frame, and hands on retained slices of the chunk, coalescing neighbouring
 * frames with the same fate. While nothing is filtered a chunk is forwarded whole. It also knows whether the stream
 * is between two messages (where the proxy may inject an error) and the last transaction status.
 */
final class PgBackendStream {

    private final PgReplyQueue queue;
    private final List<ByteBuf> held = new ArrayList<>();
    private final byte[] header = new byte[5];
    private int headerFill;
    private long remaining;
    private byte type;
    private PgReplyQueue.Decision mode = PgReplyQueue.Decision.FORWARD;
    private boolean statusPending;
    private byte transactionStatus = 'I';

    private final java.util.function.Consumer<Character> ready;
    /** One per stream, set up again for each chunk. */
    private final Runs runs = new Runs();

    PgBackendStream(PgReplyQueue queue) {
        this(queue, status -> { });
    }

    /** @param ready told the transaction status at the end of every ReadyForQuery */
    PgBackendStream(PgReplyQueue queue, java.util.function.Consumer<Character> ready) {
        this.queue = queue;
        this.ready = ready;
    }

    boolean atBoundary() {
        return remaining == 0 && headerFill == 0;
    }

    /** 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block. */
    byte transactionStatus() {
        return transactionStatus;
    }

    /** Consumes (releases) {@code chunk}; what the client must receive goes to {@code out}, in order. */
    void feed(ByteBuf chunk, Consumer<ByteBuf> out) {
        Runs runs = this.runs;
        runs.begin(chunk, out);
        int i = chunk.readerIndex();
        int end = chunk.writerIndex();
        while (i < end) {
            if (remaining > 0) {
                if (statusPending) {
                    transactionStatus = chunk.getByte(i);
                    statusPending = false;
                }
                int n = (int) Math.min(remaining, end - i);
                runs.add(i, n, mode);
                i += n;
                remaining -= n;
                if (remaining == 0) {
                    frameEnded(runs);
                }
                continue;
            }
            int startOfHeaderInChunk = i;
            int prefix = headerFill;
            int take = Math.min(5 - headerFill, end - i);
            chunk.getBytes(i, header, headerFill, take);
            headerFill += take;
            i += take;
            if (headerFill < 5) {
                break; // rest of the header comes with the next chunk; these bytes are emitted once decided
            }
            headerFill = 0;
            type = header[0];
            long length = ((header[1] & 0xFFL) << 24) | ((header[2] & 0xFF) << 16) | ((header[3] & 0xFF) << 8)
                    | (header[4] & 0xFF);
            PgReplyQueue.Decision d = queue.onFrame(type);
            // with nothing held the run goes on: a forwarded reply read in one chunk leaves as that one buffer
            if (d == PgReplyQueue.Decision.RELEASE_THEN_FORWARD) {
                if (holdsAny(runs)) {
                    runs.flush();
                    releaseHeld(out);
                }
                d = PgReplyQueue.Decision.FORWARD;
            } else if (d == PgReplyQueue.Decision.DISCARD_THEN_FORWARD) {
                if (holdsAny(runs)) {
                    runs.flush();
                    discardHeld();
                }
                d = PgReplyQueue.Decision.FORWARD;
            }
            mode = d;
            if (prefix > 0) {
                runs.flush();
                runs.emit(Unpooled.wrappedBuffer(header.clone(), 0, prefix), d);
            }
            runs.add(startOfHeaderInChunk, take, d);
            remaining = length - 4;
            statusPending = type == 'Z' && remaining > 0;
            if (remaining <= 0) {
                remaining = 0;
                frameEnded(runs);
            }
        }
        runs.finish();
    }

    private void frameEnded(Runs runs) {
        if (queue.onFrameEnd(type) && holdsAny(runs)) {
            runs.flush();
            releaseHeld(runs.out);
        }
        if (type == 'Z') {
            ready.accept((char) transactionStatus);
        }
    }

    /** Whether anything is held, counting a held run not yet ended. */
    private boolean holdsAny(Runs runs) {
        return !held.isEmpty() || runs.start >= 0 && runs.runMode == PgReplyQueue.Decision.HOLD;
    }

    private void releaseHeld(Consumer<ByteBuf> out) {
        for (ByteBuf b : held) {
            out.accept(b);
        }
        held.clear();
    }

    private void discardHeld() {
        held.forEach(ByteBuf::release);
        held.clear();
    }

    /** Releases what is still held (session end). */
    void close() {
        discardHeld();
    }

    /** Coalesces contiguous byte ranges of one chunk that share a decision. */
    private final class Runs {
        ByteBuf chunk;
        Consumer<ByteBuf> out;
        int start = -1;
        int length;
        PgReplyQueue.Decision runMode;
        boolean emittedAny;

        void begin(ByteBuf chunk, Consumer<ByteBuf> out) {
            this.chunk = chunk;
            this.out = out;
            start = -1;
            length = 0;
            runMode = null;
            emittedAny = false;
        }

        void add(int from, int n, PgReplyQueue.Decision d) {
            if (n == 0) {
                return;
            }
            if (start >= 0 && runMode == d && start + length == from) {
                length += n;
                return;
            }
            flush();
            start = from;
            length = n;
            runMode = d;
        }

        void flush() {
            if (start < 0) {
                return;
            }
            if (runMode != PgReplyQueue.Decision.DROP) {
                boolean whole = !emittedAny && start == chunk.readerIndex() && length == chunk.readableBytes();
                emit(whole ? chunk.retain() : chunk.retainedSlice(start, length), runMode);
            }
            start = -1;
        }

        void emit(ByteBuf b, PgReplyQueue.Decision d) {
            emittedAny = true;
            switch (d) {
                case HOLD -> held.add(b);
                case DROP -> b.release();
                default -> out.accept(b);
            }
        }

        void finish() {
            flush();
            chunk.release();
            chunk = null;
            out = null;
        }
    }
}
