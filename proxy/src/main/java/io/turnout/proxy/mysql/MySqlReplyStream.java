package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.turnout.protocol.mysql.PacketFramer;

import java.util.function.Consumer;

/**
 * Walks the server-to-client byte stream packet by packet without copying it: reads the 4-byte header and the first
 * payload byte of each packet, asks the {@link MySqlReplyQueue} what to do with it, and passes on retained slices of
 * the chunk, coalescing neighbouring packets with the same fate (while nothing is filtered a chunk goes on whole).
 * Packets the queue wants whole (OK, EOF, ERR, first packets of results: all small) are handed to it as one buffer,
 * a slice when the chunk holds them entirely, else a copy; one of a forwarded reply that the chunk holds is only
 * shown to the queue and stays in its run, so a forwarded reply read in one chunk goes on as that chunk.
 */
final class MySqlReplyStream {

    /** What becomes of one packet. */
    enum Fate { FORWARD, HOLD, DROP, WHOLE }

    /** What the queue uses to emit: always after the bytes the walker has already decided on. */
    interface Emitter {
        void toClient(ByteBuf frame);

        /** Puts the bytes decided so far where they belong (client or held), before the queue acts. */
        void settle();
    }

    private final MySqlReplyQueue queue;
    private final byte[] head = new byte[5];
    private int headFill;
    private long remaining;
    private boolean continuing;
    private boolean chained;
    private Fate fate = Fate.FORWARD;
    private ByteBuf gather;
    /** One per stream, set up again for each chunk. */
    private final Runs runs = new Runs();

    MySqlReplyStream(MySqlReplyQueue queue) {
        this.queue = queue;
    }

    /** True between two packets (where the proxy may emit packets of its own). */
    boolean atBoundary() {
        return remaining == 0 && headFill == 0 && !chained;
    }

    /** Consumes (releases) {@code chunk}; what the client must receive goes to {@code out}, in order. */
    void feed(ByteBuf chunk, Consumer<ByteBuf> out) {
        runs.begin(chunk, out);
        try {
            walk(chunk);
        } finally {
            runs.finish();
        }
    }

    private void walk(ByteBuf chunk) {
        int i = chunk.readerIndex();
        int end = chunk.writerIndex();
        while (i < end) {
            if (remaining > 0) {
                int n = (int) Math.min(remaining, end - i);
                if (fate == Fate.WHOLE) {
                    gather.writeBytes(chunk, i, n);
                } else {
                    runs.add(i, n, fate);
                }
                i += n;
                remaining -= n;
                if (remaining == 0) {
                    frameEnded();
                }
                continue;
            }
            if (headFill == 0 && !continuing) {
                int rowsEnd = skipRows(chunk, i, end);
                if (rowsEnd > i) {
                    i = rowsEnd;
                    continue;
                }
            }
            int headStart = i;
            int prefix = headFill;
            int needed = headFill < 4 ? 4 : 5;
            int take = Math.min(needed - headFill, end - i);
            chunk.getBytes(i, head, headFill, take);
            headFill += take;
            i += take;
            if (headFill < 4) {
                break;
            }
            int length = (head[0] & 0xFF) | (head[1] & 0xFF) << 8 | (head[2] & 0xFF) << 16;
            if (headFill == 4 && length > 0 && !continuing) {
                if (i == end) {
                    break; // the first payload byte comes with the next chunk
                }
                chunk.getBytes(i, head, 4, 1);
                headFill = 5;
                i++;
                take++;
            }
            int headBytes = headFill;
            headFill = 0;
            chained = length == PacketFramer.MAX_PAYLOAD;
            if (!continuing) {
                fate = queue.head(length, headBytes == 5 ? head[4] & 0xFF : -1);
            }
            remaining = length - (headBytes - 4);
            if (fate == Fate.WHOLE) {
                startWhole(chunk, headStart, prefix, take, headBytes, length);
                i = headStart + take;
                if (gather == null) {
                    i = headStart + 4 + length; // whole packet sliced from this chunk
                    remaining = 0;
                    continuing = false;
                    continue;
                }
            } else {
                if (prefix > 0) {
                    runs.flush();
                    runs.emit(Unpooled.wrappedBuffer(head.clone(), 0, prefix), fate);
                }
                runs.add(headStart, take, fate);
            }
            if (remaining == 0) {
                frameEnded();
            }
        }
    }

    /**
     * The rows of a result that lie whole in the chunk from {@code i}, taken as one run: a row changes nothing in
     * the queue, so only its length and first byte are looked at. Stops before anything else (a packet that may end
     * the result, a long or empty one, one cut by the chunk's end); returns where it stopped.
     */
    private int skipRows(ByteBuf chunk, int i, int end) {
        Fate rowFate = queue.rowFate();
        if (rowFate == null) {
            return i;
        }
        int at = i;
        while (end - at > 4) {
            int length = chunk.getUnsignedMediumLE(at);
            int first = chunk.getUnsignedByte(at + 4);
            if (length == 0 || length >= PacketFramer.MAX_PAYLOAD || ReplyReader.mayEnd(first)
                    || end - at - 4 < length) {
                break;
            }
            at += 4 + length;
        }
        runs.add(i, at - i, rowFate);
        return at;
    }

    private void startWhole(ByteBuf chunk, int headStart, int prefix, int take, int headBytes, int length) {
        int frame = 4 + length;
        if (prefix == 0 && chunk.writerIndex() - headStart >= frame) {
            if (queue.forwardsHead()) {
                // the queue reads it where it lies and it goes on in the run: a forwarded reply leaves whole
                runs.add(headStart, frame, Fate.FORWARD);
                queue.seen(chunk.slice(headStart, frame), runs);
                return;
            }
            runs.flush();
            ByteBuf whole = chunk.retainedSlice(headStart, frame);
            queue.whole(whole, runs);
            return;
        }
        gather = chunk.alloc().heapBuffer(frame);
        gather.writeBytes(head, 0, headBytes);
    }

    private void frameEnded() {
        continuing = chained;
        if (chained) {
            return;
        }
        if (fate == Fate.WHOLE) {
            ByteBuf whole = gather;
            gather = null;
            runs.flush();
            queue.whole(whole, runs);
        } else {
            queue.streamed(runs);
        }
    }

    /** Releases what is still gathered (session end). */
    void close() {
        if (gather != null) {
            gather.release();
            gather = null;
        }
    }

    /** Coalesces contiguous byte ranges of one chunk that share a fate. */
    private final class Runs implements Emitter {
        ByteBuf chunk;
        Consumer<ByteBuf> out;
        int start = -1;
        int length;
        Fate runFate;
        boolean emittedAny;

        void begin(ByteBuf chunk, Consumer<ByteBuf> out) {
            this.chunk = chunk;
            this.out = out;
            start = -1;
            length = 0;
            runFate = null;
            emittedAny = false;
        }

        void add(int from, int n, Fate f) {
            if (n == 0) {
                return;
            }
            if (start >= 0 && runFate == f && start + length == from) {
                length += n;
                return;
            }
            flush();
            start = from;
            length = n;
            runFate = f;
        }

        void flush() {
            if (start < 0) {
                return;
            }
            if (runFate != Fate.DROP) {
                boolean whole = !emittedAny && start == chunk.readerIndex() && length == chunk.readableBytes();
                emit(whole ? chunk.retain() : chunk.retainedSlice(start, length), runFate);
            }
            start = -1;
        }

        void emit(ByteBuf b, Fate f) {
            emittedAny = true;
            switch (f) {
                case HOLD -> queue.hold(b);
                case DROP -> b.release();
                default -> out.accept(b);
            }
        }

        @Override
        public void toClient(ByteBuf frame) {
            flush();
            emittedAny = true;
            out.accept(frame);
        }

        @Override
        public void settle() {
            flush();
        }

        void finish() {
            flush();
            chunk.release();
            chunk = null;
            out = null;
        }
    }
}
