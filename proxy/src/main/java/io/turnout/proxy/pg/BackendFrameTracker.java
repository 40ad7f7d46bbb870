package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;

/**
 * Follows message boundaries in the server-to-client byte stream without decoding or copying it, so that pass-through
 * data can be relayed as raw chunks while the proxy still knows whether it may inject an ErrorResponse (only between
 * two messages: one in the middle of a message would corrupt the client's stream).
 */
final class BackendFrameTracker {

    /** Bytes of the current message still to come (0 at a boundary); a header split across chunks is buffered. */
    private long remaining;
    private final byte[] header = new byte[5];
    private int headerFill;

    void feed(ByteBuf chunk) {
        int i = chunk.readerIndex();
        int end = chunk.writerIndex();
        while (i < end) {
            if (remaining > 0) {
                int skip = (int) Math.min(remaining, end - i);
                remaining -= skip;
                i += skip;
                continue;
            }
            int take = Math.min(5 - headerFill, end - i);
            chunk.getBytes(i, header, headerFill, take);
            headerFill += take;
            i += take;
            if (headerFill == 5) {
                long length = ((header[1] & 0xFFL) << 24) | ((header[2] & 0xFF) << 16) | ((header[3] & 0xFF) << 8)
                        | (header[4] & 0xFF);
                remaining = length - 4;
                headerFill = 0;
            }
        }
    }

    boolean atBoundary() {
        return remaining == 0 && headerFill == 0;
    }
}
